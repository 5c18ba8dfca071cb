using System.Collections.Concurrent;

namespace Signals.Runtime.Evaluation;

public sealed partial class SignalEvaluator
{
    private readonly ConcurrentQueue<Action> _pending = new();
    private int _pendingCount;

    /// <summary>Asks for <see cref="Load"/> from any thread; applied before the next event (or by <see cref="ApplyPending"/>).</summary>
    /// <param name="definition">The version to load.</param>
    /// <returns>Completes with the result once applied.</returns>
    public Task<SignalLoadResult> RequestLoad(SignalDefinition definition) => Post(() => Load(definition));

    /// <summary>Asks for <see cref="Replace(string, SignalDefinition)"/> from any thread; applied between two events, so each event goes to exactly one version.</summary>
    /// <param name="name">The loaded signal's name.</param>
    /// <param name="definition">The new version.</param>
    /// <returns>Completes with the result once applied.</returns>
    public Task<SignalLoadResult> RequestReplace(string name, SignalDefinition definition) => Post(() => Replace(name, definition));

    /// <summary>Asks for a swap (or a first load) followed by a warm-up of the builders it adds; applied between two events.</summary>
    /// <param name="name">The signal's name.</param>
    /// <param name="definition">The new version.</param>
    /// <param name="warmup">Recent history for the new builders.</param>
    /// <returns>Completes with the result once applied and warmed.</returns>
    public Task<SignalLoadResult> RequestReplace(string name, SignalDefinition definition, Warmup warmup) => Post(() => Replace(name, definition, warmup));

    /// <summary>Asks for <see cref="Unload"/> from any thread; applied before the next event.</summary>
    /// <param name="name">The signal's name.</param>
    /// <returns>Completes with the final status (null when not loaded) once applied.</returns>
    public Task<SignalStatus?> RequestUnload(string name) => Post(() => Unload(name));

    /// <summary>Applies requested changes now; for drivers idle between events. Call on the evaluator's thread.</summary>
    public void ApplyPending()
    {
        while (_pending.TryDequeue(out var change))
        {
            Interlocked.Decrement(ref _pendingCount);
            change();
        }
    }

    private Task<T> Post<T>(Func<T> change)
    {
        var completion = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        _pending.Enqueue(() =>
        {
            try
            {
                completion.SetResult(change());
            }
            catch (Exception ex)
            {
                completion.SetException(ex);
            }
        });
        Interlocked.Increment(ref _pendingCount);
        return completion.Task;
    }
}
