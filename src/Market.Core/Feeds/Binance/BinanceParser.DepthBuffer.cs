namespace Market.Core.Feeds.Binance;

public sealed partial class BinanceParser
{
    /// <summary>Most depth events held per symbol while it waits for a snapshot; the oldest go first (a later snapshot covers them).</summary>
    public const int MaxBufferedEvents = 4096;

    /// <summary>
    /// One symbol's sync state and the raw depth events waiting for its snapshot, copied into one
    /// reused byte array so buffering allocates nothing once it has grown.
    /// </summary>
    private sealed class SymbolBook
    {
        private readonly List<(int Start, int Length, long TsRecv)> _events = [];
        private byte[] _bytes = new byte[16 * 1024];
        private int _used;

        public BinanceDepthState State;
        public long LastUpdateId;
        public long DroppedStale;
        public long Gaps;

        public int Count => _events.Count;

        public BinanceDepthStatus Status => new(State, LastUpdateId, _events.Count, DroppedStale, Gaps);

        public void Add(ReadOnlySpan<byte> evt, long tsRecv)
        {
            if (_events.Count == MaxBufferedEvents)
            {
                RemoveFirst(1);
                DroppedStale++;
            }
            if (_used + evt.Length > _bytes.Length) Array.Resize(ref _bytes, Math.Max(_bytes.Length * 2, _used + evt.Length));
            evt.CopyTo(_bytes.AsSpan(_used));
            _events.Add((_used, evt.Length, tsRecv));
            _used += evt.Length;
        }

        public ReadOnlySpan<byte> Event(int index, out long tsRecv)
        {
            var (start, length, ts) = _events[index];
            tsRecv = ts;
            return _bytes.AsSpan(start, length);
        }

        /// <summary>Forgets the first <paramref name="count"/> events, moving the rest to the front.</summary>
        public void RemoveFirst(int count)
        {
            if (count >= _events.Count)
            {
                Clear();
                return;
            }
            var shift = _events[count].Start;
            _bytes.AsSpan(shift, _used - shift).CopyTo(_bytes);
            _used -= shift;
            _events.RemoveRange(0, count);
            for (var i = 0; i < _events.Count; i++) _events[i] = _events[i] with { Start = _events[i].Start - shift };
        }

        public void Clear()
        {
            _events.Clear();
            _used = 0;
        }
    }
}
