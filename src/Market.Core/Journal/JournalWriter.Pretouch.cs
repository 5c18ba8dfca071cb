using Market.Core.Journal.Internal;

namespace Market.Core.Journal;

public sealed unsafe partial class JournalWriter
{
    private const long PretouchAhead = 8L * 1024 * 1024;
    private const long PretouchStep = 128 * 1024;

    private readonly Lock _pretouchGate = new();
    private readonly AutoResetEvent _pretouchKick = new(false);
    private readonly AutoResetEvent _janitorKick = new(false);
    private Thread? _pretouchThread;
    private Thread? _janitorThread;
    private bool _janitorKickedForChunk;
    private MappedChunk? _pretouchChunk;
    private long _pretouchedTo;
    // Bumped whenever the pretouch target changes chunk: a touch run in progress sees it and stops.
    private int _pretouchGeneration;
    // The chunk the pretoucher is touching outside the gate; the janitor does not unmap it meanwhile.
    private MappedChunk? _touching;
    private readonly ManualResetEventSlim _touchingDone = new(true);
    private long _pretouchKickAt = long.MaxValue;
    private MappedChunk? _prepared;
    private readonly List<MappedChunk> _retired = [];
    // Kernel ids of the two threads once they run at idle priority (0 before, or if closing came first).
    private int _pretouchThreadId;
    private int _janitorThreadId;

    /// <summary>
    /// The first write to each page of a shared file mapping takes a page fault, and a fresh chunk
    /// starts with none of its pages mapped. Two background threads keep that work off the append
    /// path: the pretoucher takes the faults a few MiB ahead of the writer, and the janitor, once
    /// the writer is past half a chunk, creates, maps and touches the start of the next chunk (so
    /// rotation swaps in a chunk that is ready) and unmaps full ones (tearing down a dirty 64 MiB
    /// mapping takes tens of milliseconds, which would stall the pretoucher if it did it).
    /// Both run only on CPU time nothing else wants and are never waited for by the writer; each
    /// of their faults fills at most one 2 MiB folio (<see cref="MappedChunk.ExpectWritesFrom"/>),
    /// from memory the host has already backed (<see cref="HugePageWarmer"/>).
    /// </summary>
    private void StartPretouch()
    {
        if (!_options.Pretouch) return;
        RestartPretouch();
        _pretouchThread = new Thread(PretouchLoop) { IsBackground = true, Name = $"journal-pretouch {_journal.Feed}" };
        _pretouchThread.Start();
        _janitorThread = new Thread(JanitorLoop) { IsBackground = true, Name = $"journal-janitor {_journal.Feed}" };
        _janitorThread.Start();
    }

    private void KickPretouch()
    {
        _pretouchKickAt = _position + Math.Min(1024 * 1024, _chunkSize / 8);
        _pretouchKick.Set();
        if (!_janitorKickedForChunk && _position > _chunkSize / 2)
        {
            _janitorKickedForChunk = true;
            _janitorKick.Set();
        }
    }

    private void RestartPretouch()
    {
        if (!_options.Pretouch) return;
        lock (_pretouchGate)
        {
            _pretouchChunk = _chunk;
            _pretouchedTo = _position;
            _pretouchGeneration++;
        }
        _janitorKickedForChunk = false;
        KickPretouch();
    }

    /// <summary>
    /// Called before retiring a chunk: the pretoucher stops touching it at its next step. The writer
    /// does not wait for that; the janitor does, before it unmaps the chunk.
    /// </summary>
    private void StopPretouchingChunk()
    {
        lock (_pretouchGate)
        {
            _pretouchChunk = null;
            _pretouchGeneration++;
        }
    }

    /// <summary>Hands a full chunk to the background thread to unmap, or unmaps it here if there is none.</summary>
    private void Retire(MappedChunk chunk)
    {
        if (_janitorThread is null)
        {
            chunk.Dispose();
            return;
        }
        lock (_pretouchGate) _retired.Add(chunk);
        _janitorKick.Set();
    }

    private void DisposeRetired()
    {
        MappedChunk[] retired;
        lock (_pretouchGate)
        {
            if (_retired.Count == 0) return;
            retired = [.. _retired];
            _retired.Clear();
        }
        foreach (var chunk in retired)
        {
            WaitUntilNotTouching(chunk);
            chunk.Dispose();
        }
    }

    private void WaitUntilNotTouching(MappedChunk chunk)
    {
        while (true)
        {
            lock (_pretouchGate)
            {
                if (_touching != chunk) return;
            }
            // Set after _touching is cleared; at worst this waits out a later run on another chunk.
            _touchingDone.Wait();
        }
    }

    /// <summary>The chunk prepared in the background, if one is ready; the caller owns it.</summary>
    private MappedChunk? TakePrepared()
    {
        lock (_pretouchGate)
        {
            var prepared = _prepared;
            _prepared = null;
            return prepared;
        }
    }

    /// <summary>Lowers the calling background thread to idle priority, unless the writer is already closing.</summary>
    private void RunWhenIdle(ref int threadId)
    {
        lock (_pretouchGate)
        {
            if (_stopping.IsSet) return;
            Posix.RunCurrentThreadWhenIdle();
            threadId = Posix.CurrentThreadId();
        }
    }

    private void PretouchLoop()
    {
        RunWhenIdle(ref _pretouchThreadId);
        using var warmer = new HugePageWarmer();
        while (true)
        {
            _pretouchKick.WaitOne();
            if (_stopping.IsSet) return;
            MappedChunk chunk;
            long from, to;
            int generation;
            lock (_pretouchGate)
            {
                if (_pretouchChunk is null) continue;
                chunk = _pretouchChunk;
                generation = _pretouchGeneration;
                var position = Volatile.Read(ref _position);
                from = Math.Max(_pretouchedTo, position);
                to = Math.Min(position + PretouchAhead, chunk.Size);
                _touching = chunk;
                _touchingDone.Reset();
            }
            // Outside the gate, so rotation never waits for page faults; it stops within a step
            // once the writer moves to another chunk.
            var reached = Touch(chunk, from, to, () => Volatile.Read(ref _pretouchGeneration) == generation, warmer);
            lock (_pretouchGate)
            {
                if (_pretouchGeneration == generation) _pretouchedTo = Math.Max(_pretouchedTo, reached);
                _touching = null;
                _touchingDone.Set();
            }
        }
    }

    private void JanitorLoop()
    {
        RunWhenIdle(ref _janitorThreadId);
        using var warmer = new HugePageWarmer();
        while (true)
        {
            _janitorKick.WaitOne();
            if (_stopping.IsSet) return;
            DisposeRetired();
            bool prepare;
            lock (_pretouchGate) prepare = _prepared is null;
            if (prepare) PrepareNextChunk(warmer);
        }
    }

    private void PrepareNextChunk(HugePageWarmer warmer)
    {
        MappedChunk chunk;
        try
        {
            chunk = MappedChunk.CreateUnnamed(_journal.Directory, _options.ChunkSize);
        }
        catch (IOException)
        {
            return; // e.g. a full disk: rotation creates the chunk itself and reports the error there
        }
        Touch(chunk, 0, Math.Min(PretouchAhead, chunk.Size), static () => true, warmer);
        lock (_pretouchGate)
        {
            if (_prepared is null && !_stopping.IsSet)
            {
                _prepared = chunk;
                return;
            }
        }
        chunk.DisposeAndDelete();
    }

    /// <summary>
    /// Takes the write fault of every page in [from, to) in aligned steps of <see cref="PretouchStep"/>
    /// (so each lies within one 2 MiB folio, warmed first), while <paramref name="current"/> holds
    /// and the writer is not stopping; returns how far it got.
    /// </summary>
    private long Touch(MappedChunk chunk, long from, long to, Func<bool> current, HugePageWarmer warmer)
    {
        var reached = from;
        while (reached < to && current() && !_stopping.IsSet)
        {
            var end = Math.Min(to, (reached / PretouchStep + 1) * PretouchStep);
            warmer.WarmFor(chunk, reached);
            TouchPages(chunk.Base, reached, end);
            reached = end;
        }
        return reached;
    }

    private static void TouchPages(byte* mapping, long from, long to)
    {
        var page = Environment.SystemPageSize;
        for (var offset = (from + page - 1) & ~(long)(page - 1); offset < to; offset += page)
        {
            // A compare-and-swap of zero with zero dirties the page without changing a byte,
            // even if the writer has already reached it.
            Interlocked.CompareExchange(ref *(long*)(mapping + offset), 0, 0);
        }
    }

    private void StopPretouch()
    {
        if (_pretouchThread is null) return;
        // Closing waits for both threads. On a busy machine an idle-priority thread gets almost no
        // CPU, and one caught mid-fault or mid-unmap held `deepwater run`'s shutdown for up to 14 s;
        // back on normal scheduling it finishes at once. Without the privilege to raise them, the
        // wait stays as long as the machine is saturated. Not waiting does not help a process
        // that is exiting: the threads left at idle priority must still run before it can end,
        // and when they were left (and unmapped what they held) exit took 10-12 s instead of 1-1.3 s.
        lock (_pretouchGate)
        {
            Posix.TryRunNormally(_pretouchThreadId);
            Posix.TryRunNormally(_janitorThreadId);
        }
        _pretouchKick.Set();
        _janitorKick.Set();
        _pretouchThread.Join();
        _janitorThread?.Join();
        _pretouchThread = null;
        _janitorThread = null;
        TakePrepared()?.DisposeAndDelete();
        DisposeRetired();
        _touchingDone.Dispose();
    }
}
