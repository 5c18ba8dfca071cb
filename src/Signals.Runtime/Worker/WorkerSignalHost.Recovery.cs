using Signals.Runtime.Evaluation;
using Signals.Runtime.Worker.Internal;

namespace Signals.Runtime.Worker;

public sealed partial class WorkerSignalHost
{
    private int _consecutiveRestarts;
    private long _unattributedBatch = -1;

    /// <summary>
    /// The worker died: blame the signal the crash slot names (quarantine it), start a new worker,
    /// load the others again and replay — the warm-up window muted, then the batches in flight,
    /// whose fires had not been delivered. Repeats while the new worker dies too, up to
    /// <see cref="WorkerOptions.MaxConsecutiveRestarts"/>.
    /// </summary>
    /// <exception cref="InvalidOperationException">The worker keeps dying.</exception>
    private void Recover()
    {
        do
        {
            Attribute();
        }
        while (!TryLaunch());
    }

    private void Attribute()
    {
        var dead = _worker;
        var exitCode = dead.WaitForExit(TimeSpan.FromSeconds(10));
        var reason = Describe(dead, exitCode);
        var tag = _slot.Tag;
        dead.Dispose();
        Restarts++;
        MirroredSignal? culprit;
        lock (_signals) culprit = _byTag.GetValueOrDefault(tag);
        if (culprit is not null && culprit.HostQuarantine is null)
        {
            lock (_signals) culprit.HostQuarantine = $"the worker process died in this signal: {reason}";
            Log.DiedIn(_logger, dead.Pid, reason, culprit.Signal.Name);
        }
        else
        {
            Log.DiedUnattributed(_logger, dead.Pid, reason);
            // Twice on the same batch with nobody to blame: that batch is poison; drop it rather than loop.
            if (_inFlight.TryPeek(out var head) && head.Batch.Sequence == _unattributedBatch)
            {
                _inFlight.Dequeue();
                LostEvents += head.Batch.Count;
                Log.BatchDropped(_logger, head.Batch.Sequence, head.Batch.Count);
                Return(head.Batch);
            }
            else if (head.Batch is not null) _unattributedBatch = head.Batch.Sequence;
        }
        if (++_consecutiveRestarts > Options.MaxConsecutiveRestarts)
        {
            throw new InvalidOperationException($"the signal worker died {_consecutiveRestarts} times in a row without finishing a batch; last: {reason}");
        }
    }

    private string Describe(WorkerConnection dead, int exitCode)
    {
        var why = _slot.OutOfMemory ? $"out of memory (the worker's heap limit is {Options.HeapHardLimitBytes / (1024 * 1024)} MB)"
            : dead.TimedOut ? $"it answered nothing for {Options.ReplyTimeout.TotalSeconds:0.#} s and was killed"
            : dead.CrashHint is { } hint ? hint
            : exitCode > 128 ? $"killed by signal {exitCode - 128}"
            : $"exited with code {exitCode}";
        return $"{why}; exit code {exitCode}";
    }

    /// <summary>Starts a worker and brings it to where the dead one was; false when it died on the way.</summary>
    private bool TryLaunch()
    {
        _slot.Reset();
        var worker = _worker = WorkerConnection.Start(Options, _slot.Path, _logger, OnWorkerQuarantined);
        var hello = new FrameBuffer(1024);
        WireCodec.WriteHello(hello, Options.Evaluator, Options.FuelMaxDepth, _allowed);
        var ready = new Pending(FrameType.Ready);
        if (!worker.Send(hello.Written, ready) || !WorkerConnection.Wait(ready)) return false;
        foreach (var feed in _feeds)
        {
            SendFeed(worker, feed);
            foreach (var (id, symbol) in feed.Sent) SendSymbol(worker, feed, id, symbol);
        }
        if (Restarts == 0) return true;

        List<MirroredSignal> revive;
        lock (_signals) revive = [.. _signals.Where(s => s.Revivable)];
        var next = 0;
        var warmup = 0;
        foreach (var batch in _window)
        {
            // Each survivor is loaded where it was first loaded, so it is warmed only by events it saw.
            while (next < revive.Count && revive[next].LoadedAt <= batch.Sequence)
            {
                if (!Reload(worker, revive[next++])) return false;
            }
            batch.SetMuted(true);
            worker.Send(batch.Frame.Written, new Pending(FrameType.Ack, batch.Sequence));
            batch.SetMuted(false);
            warmup++;
        }
        while (next < revive.Count)
        {
            if (!Reload(worker, revive[next++])) return false;
        }
        var lost = _inFlight.ToArray();
        _inFlight.Clear();
        foreach (var (batch, _) in lost)
        {
            var reply = new Pending(FrameType.Ack, batch.Sequence);
            _inFlight.Enqueue((batch, reply));
            worker.Send(batch.Frame.Written, reply);
        }
        Log.Restarted(_logger, worker.Pid, revive.Count, warmup, lost.Length);
        return !worker.IsDead;
    }

    private bool Reload(WorkerConnection worker, MirroredSignal mirror)
    {
        var reply = new Pending(FrameType.Loaded);
        if (!worker.Send(LoadFrame(mirror, replace: false).Written, reply) || !WorkerConnection.Wait(reply)) return false;
        var (_, ok, error) = ((string, bool, string?))reply.Result!;
        if (!ok)
        {
            lock (_signals) mirror.HostQuarantine = $"could not be loaded into the restarted worker: {error}";
            Log.ReloadFailed(_logger, mirror.Signal.Name, error ?? "");
        }
        return true;
    }

    private static void SendFeed(WorkerConnection worker, MirroredFeed feed)
    {
        var frame = new FrameBuffer(64);
        frame.Begin(FrameType.RegisterFeed);
        frame.WriteInt32(feed.Handle.Index);
        frame.WriteString(feed.Handle.Name);
        frame.End();
        worker.Send(frame.Written, null);
    }

    private static void SendSymbol(WorkerConnection worker, MirroredFeed feed, uint id, string symbol)
    {
        var frame = new FrameBuffer(64);
        frame.Begin(FrameType.Symbol);
        frame.WriteInt32(feed.Handle.Index);
        frame.WriteInt32((int)id);
        frame.WriteString(symbol);
        frame.End();
        worker.Send(frame.Written, null);
    }
}
