using Signals.Library;

namespace Signals.Runtime.Worker.Internal;

/// <summary>A request sent to the worker, waiting for its reply (replies come in request order).</summary>
internal sealed class Pending(FrameType reply, long batch = -1)
{
    private readonly TaskCompletionSource _done = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public FrameType Reply { get; } = reply;

    /// <summary>The batch sequence, for an events request.</summary>
    public long Batch { get; } = batch;

    /// <summary>A batch's fires, in order, filled in by the reader before the ack.</summary>
    public List<SignalFire>? Fires { get; set; }

    /// <summary>The decoded reply.</summary>
    public object? Result { get; set; }

    public Task Done => _done.Task;

    public void Complete() => _done.TrySetResult();

    public void Fail(Exception exception) => _done.TrySetException(exception);
}

/// <summary>The worker process died (or was killed) before it answered.</summary>
internal sealed class WorkerDiedException(string message) : Exception(message);
