using Signals.Library;

namespace Market.Core.Feeds.Capture;

public sealed partial class CaptureReplayer
{
    /// <summary>Forwards every event and counts it by kind, for the summary.</summary>
    private sealed class CountingSink(IMarketEventSink inner) : IMarketEventSink
    {
        public long Trades { get; private set; }
        public long Deltas { get; private set; }
        public long Snapshots { get; private set; }
        public long Quotes { get; private set; }
        public long Gaps { get; private set; }

        public uint Instrument(ReadOnlySpan<byte> symbolUtf8) => inner.Instrument(symbolUtf8);

        public void Trade(in Trade trade)
        {
            Trades++;
            inner.Trade(trade);
        }

        public void Delta(in BookDelta delta, bool endOfBatch)
        {
            Deltas++;
            inner.Delta(delta, endOfBatch);
        }

        public void Snapshot(in BookSnapshot snapshot)
        {
            Snapshots++;
            inner.Snapshot(snapshot);
        }

        public void Quote(in Quote quote)
        {
            Quotes++;
            inner.Quote(quote);
        }

        public void Gap(in Gap gap)
        {
            Gaps++;
            inner.Gap(gap);
        }
    }
}
