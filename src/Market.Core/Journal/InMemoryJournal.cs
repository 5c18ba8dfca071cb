using Market.Core.Journal.Internal;
using Signals.Library;

namespace Market.Core.Journal;

/// <summary>
/// A journal held in memory with the same contract as <see cref="MmapJournal"/>: for tests,
/// backtests over generated data, and anything that needs the semantics without files.
/// </summary>
public sealed class InMemoryJournal(string feed = "memory") : IJournal
{
    private readonly Lock _gate = new();
    private readonly List<JournalEntry> _entries = [];
    private readonly MemorySymbols _symbols = new();
    private readonly JournalShared _shared = new();
    private long _firstSequence = 1;
    private bool _writerOpen;

    /// <inheritdoc />
    public string Feed { get; } = feed;

    /// <inheritdoc />
    public ISymbolTable Symbols => _symbols;

    /// <inheritdoc />
    public long FirstSequence
    {
        get { lock (_gate) return _firstSequence; }
    }

    /// <inheritdoc />
    public long LastSequence
    {
        get { lock (_gate) return _firstSequence + _entries.Count - 1; }
    }

    /// <inheritdoc />
    public IJournalWriter OpenWriter()
    {
        lock (_gate)
        {
            if (_writerOpen) throw new JournalLockedException($"in-memory journal {Feed} already has a writer; only one may write");
            _writerOpen = true;
            _shared.WriterOpen = true;
        }
        return new Writer(this);
    }

    /// <inheritdoc />
    public IJournalReader OpenReader() => new Reader(this);

    /// <summary>Nothing to release.</summary>
    public void Dispose() { }

    private bool TryGet(long sequence, out JournalEntry entry)
    {
        lock (_gate)
        {
            var i = sequence - _firstSequence;
            entry = i >= 0 && i < _entries.Count ? _entries[(int)i] : null!;
            return entry is not null;
        }
    }

    private sealed class Writer(InMemoryJournal journal) : IJournalWriter
    {
        private byte[] _pending = [];
        private int _pendingLength = -1;
        private long _maxTsRecv = long.MinValue;
        private bool _disposed;

        public long NextSequence => journal.LastSequence + 1;

        public long DurableSequence => 0;

        public long ClockStepBacks { get; private set; }

        public JournalRecovery Recovery => JournalRecovery.None;

        public long Append(EventKind kind, uint instrumentId, long tsEvent, long tsRecv, ReadOnlySpan<byte> payload, RecordFlags flags = RecordFlags.None)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (tsRecv < _maxTsRecv)
            {
                tsRecv = _maxTsRecv;
                ClockStepBacks++;
            }
            _maxTsRecv = tsRecv;
            long sequence;
            lock (journal._gate)
            {
                sequence = journal._firstSequence + journal._entries.Count;
                journal._entries.Add(new JournalEntry(sequence, kind, flags, instrumentId, tsEvent, tsRecv, payload.ToArray()));
            }
            journal._shared.Signal.Notify();
            return sequence;
        }

        public Span<byte> BeginAppend(int payloadLength)
        {
            if (_pending.Length < payloadLength) _pending = new byte[payloadLength];
            _pendingLength = payloadLength;
            return _pending.AsSpan(0, payloadLength);
        }

        public long EndAppend(EventKind kind, uint instrumentId, long tsEvent, long tsRecv, RecordFlags flags = RecordFlags.None)
        {
            if (_pendingLength < 0) throw new InvalidOperationException("EndAppend without a matching BeginAppend");
            var length = _pendingLength;
            _pendingLength = -1;
            return Append(kind, instrumentId, tsEvent, tsRecv, _pending.AsSpan(0, length), flags);
        }

        public void Commit() => ObjectDisposedException.ThrowIf(_disposed, this);

        public uint Intern(string symbol) => journal._symbols.GetOrAdd(symbol);

        public int ApplyRetention(TimeSpan maxAge, long nowNanos)
        {
            var cutoff = JournalWriter.RetentionCutoff(maxAge, nowNanos);
            lock (journal._gate)
            {
                // Keep the newest record, as the mmap journal keeps its active chunk.
                var drop = 0;
                while (drop < journal._entries.Count - 1 && journal._entries[drop].TsRecv < cutoff) drop++;
                journal._entries.RemoveRange(0, drop);
                journal._firstSequence += drop;
                return drop;
            }
        }

        public void Dispose()
        {
            if (_disposed) return;
            _disposed = true;
            lock (journal._gate) journal._writerOpen = false;
            journal._shared.WriterOpen = false;
        }
    }

    private sealed class Reader(InMemoryJournal journal) : IJournalReader
    {
        public long NextSequence { get; private set; } = journal.FirstSequence;

        public bool TryRead(out JournalRecord record)
        {
            if (NextSequence < journal.FirstSequence) NextSequence = journal.FirstSequence;
            if (!journal.TryGet(NextSequence, out var e))
            {
                record = default;
                return false;
            }
            record = new JournalRecord(e.Sequence, e.Kind, e.Flags, e.InstrumentId, e.TsEvent, e.TsRecv, e.Payload);
            NextSequence++;
            return true;
        }

        public bool SeekToSequence(long sequence)
        {
            var end = journal.LastSequence + 1;
            NextSequence = Math.Clamp(sequence, journal.FirstSequence, end);
            return NextSequence == sequence && sequence < end;
        }

        public void SeekToTime(long tsRecv)
        {
            lock (journal._gate)
            {
                int lo = 0, hi = journal._entries.Count;
                while (lo < hi)
                {
                    var mid = (lo + hi) >>> 1;
                    if (journal._entries[mid].TsRecv < tsRecv) lo = mid + 1;
                    else hi = mid;
                }
                NextSequence = journal._firstSequence + lo;
            }
        }

        public void SeekToEnd() => NextSequence = journal.LastSequence + 1;

        public bool WaitForData(TimeSpan timeout, CancellationToken cancellationToken = default)
        {
            var deadline = timeout == Timeout.InfiniteTimeSpan ? long.MaxValue : Environment.TickCount64 + (long)timeout.TotalMilliseconds;
            while (true)
            {
                var seen = journal._shared.Signal.Version;
                if (NextSequence <= journal.LastSequence) return true;
                var remaining = deadline - Environment.TickCount64;
                if (remaining <= 0) return false;
                journal._shared.Signal.Wait(seen, TimeSpan.FromMilliseconds(Math.Min(remaining, int.MaxValue)), cancellationToken);
            }
        }

        public ValueTask WaitForDataAsync(CancellationToken cancellationToken = default) =>
            TailSignal.WaitUntilAsync(journal._shared, () => NextSequence <= journal.LastSequence, cancellationToken);

        public void Dispose() { }
    }

    private sealed class MemorySymbols : ISymbolTable
    {
        private readonly Lock _gate = new();
        private readonly List<string> _symbols = [];
        private readonly Dictionary<string, uint> _ids = new(StringComparer.Ordinal);

        public uint GetOrAdd(string symbol)
        {
            ArgumentException.ThrowIfNullOrEmpty(symbol);
            lock (_gate)
            {
                if (_ids.TryGetValue(symbol, out var id)) return id;
                _symbols.Add(symbol);
                return _ids[symbol] = (uint)_symbols.Count;
            }
        }

        public bool TryGetId(string symbol, out uint id)
        {
            lock (_gate) return _ids.TryGetValue(symbol, out id);
        }

        public string? GetSymbol(uint id)
        {
            lock (_gate) return id >= 1 && id <= _symbols.Count ? _symbols[(int)id - 1] : null;
        }

        public IReadOnlyList<KeyValuePair<uint, string>> All()
        {
            lock (_gate) return [.. _symbols.Select((s, i) => new KeyValuePair<uint, string>((uint)(i + 1), s))];
        }
    }
}
