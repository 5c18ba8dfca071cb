using Signals.Runtime.Evaluation;
using Signals.Runtime.Worker.Internal;

namespace Signals.Runtime.Worker;

public sealed partial class WorkerSignalHost
{
    /// <summary>
    /// Loads a compiled signal version into the worker, after the events already passed to
    /// <see cref="Process"/>: creates it and runs its Configure there under the budgets.
    /// </summary>
    /// <param name="signal">The version; its name must not be loaded already.</param>
    /// <returns>Whether it loaded, and why not (a worker that died in its Configure names the crash).</returns>
    public SignalLoadResult Load(WorkerSignal signal)
    {
        ArgumentNullException.ThrowIfNull(signal);
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (!signal.Compiled.Success) return SignalLoadResult.Failed(signal.Name, "the signal did not compile");
        if (Find(signal.Name) is not null) return SignalLoadResult.Failed(signal.Name, $"'{signal.Name}' is already loaded; replace it instead");
        // In flight first: the new signal sees exactly the events passed after this call, as in process.
        FlushCore();
        var mirror = NewMirror(signal, _nextBatch);
        lock (_signals) _signals.Add(mirror);
        var error = Request(mirror, replace: false);
        if (error is not null)
        {
            lock (_signals) _signals.Remove(mirror);
        }
        return error is null ? SignalLoadResult.Ok(signal.Name) : SignalLoadResult.Failed(signal.Name, error);
    }

    /// <summary>Replaces a loaded signal with a new version between two batches; when the new one fails to load the old keeps running.</summary>
    /// <param name="name">The loaded signal's name; the version must carry the same name.</param>
    /// <param name="signal">The new version.</param>
    /// <returns>Whether the new version is loaded, and why not.</returns>
    public SignalLoadResult Replace(string name, WorkerSignal signal)
    {
        ArgumentNullException.ThrowIfNull(signal);
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (signal.Name != name) return SignalLoadResult.Failed(name, $"the new version is named '{signal.Name}', not '{name}'");
        var old = Find(name);
        if (old is null) return Load(signal);
        if (!signal.Compiled.Success) return SignalLoadResult.Failed(name, "the signal did not compile");
        FlushCore();
        // It takes the old version's place and load point, as the evaluator's Replace keeps its place.
        var mirror = NewMirror(signal, old.LoadedAt);
        // A version the host quarantined is not in the worker: the new one is a plain load there.
        var error = Request(mirror, replace: old.HostQuarantine is null);
        if (error is null)
        {
            lock (_signals) _signals[_signals.IndexOf(old)] = mirror;
        }
        return error is null ? SignalLoadResult.Ok(name) : SignalLoadResult.Failed(name, error);
    }

    /// <summary>Unloads a signal from the worker (or forgets a quarantined one).</summary>
    /// <param name="name">The signal's name.</param>
    /// <returns>Its final status, or null when it was not loaded.</returns>
    public SignalStatus? Unload(string name)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var mirror = Find(name);
        if (mirror is null) return null;
        FlushCore();
        var last = GetStatuses().FirstOrDefault(s => s.Name == name);
        lock (_signals) _signals.Remove(mirror);
        if (mirror.HostQuarantine is not null) return last is null ? null : last with { State = SignalState.Unloaded };
        var frame = new FrameBuffer(64);
        frame.Begin(FrameType.Unload);
        frame.WriteString(name);
        frame.End();
        var reply = new Pending(FrameType.Unloaded);
        // A worker that died here comes back without the signal: it is unloaded either way.
        if (!_worker.Send(frame.Written, reply) || !WorkerConnection.Wait(reply)) Recover();
        var status = (reply.Done.IsCompletedSuccessfully ? reply.Result as SignalStatus : null) ?? last;
        return status is null ? null : status with { State = SignalState.Unloaded };
    }

    private MirroredSignal NewMirror(WorkerSignal signal, long loadedAt)
    {
        var mirror = new MirroredSignal(signal, _nextTag++, loadedAt);
        _byTag[mirror.Tag] = mirror;
        return mirror;
    }

    /// <summary>Loads a version into the current worker; when the worker dies meanwhile, recovers and reports what became of it.</summary>
    private string? Request(MirroredSignal mirror, bool replace)
    {
        var reply = new Pending(FrameType.Loaded);
        if (_worker.Send(LoadFrame(mirror, replace).Written, reply) && WorkerConnection.Wait(reply))
        {
            var (_, ok, error) = ((string, bool, string?))reply.Result!;
            return ok ? null : error ?? "not loaded";
        }
        Recover();
        // The recovery blamed this version (its Configure crashed), or loaded it (listed) or not (a replacement).
        if (mirror.HostQuarantine is { } why) return why;
        lock (_signals)
        {
            if (_signals.Contains(mirror)) return null;
        }
        return "the worker died while loading it; the previous version is running";
    }

    private static FrameBuffer LoadFrame(MirroredSignal mirror, bool replace)
    {
        var signal = mirror.Signal;
        var compiled = signal.Compiled;
        var frame = new FrameBuffer(compiled.Assembly.Length + 1024);
        frame.Begin(FrameType.LoadSignal);
        frame.WriteInt32(mirror.Tag);
        frame.WriteByte(replace ? (byte)1 : (byte)0);
        frame.WriteString(signal.Identity.Name);
        frame.WriteString(signal.Identity.Commit);
        frame.WriteString(signal.Identity.SourceHash);
        frame.WriteString(compiled.ClassName ?? "");
        frame.WriteString(compiled.AssemblyName);
        frame.WriteByte(compiled.Metered ? (byte)1 : (byte)0);
        frame.WriteBytes(compiled.Assembly.Span);
        var parameters = signal.Parameters ?? new Dictionary<string, double>();
        frame.WriteInt32(parameters.Count);
        foreach (var (key, value) in parameters)
        {
            frame.WriteString(key);
            frame.WriteDouble(value);
        }
        frame.End();
        return frame;
    }
}
