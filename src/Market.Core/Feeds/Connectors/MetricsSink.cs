using Signals.Library;

namespace Market.Core.Feeds.Connectors;

/// <summary>Passes events on to the real sink, counting each by kind and sampling its lag on the way.</summary>
public sealed class MetricsSink(IMarketEventSink inner, FeedMetrics metrics) : IMarketEventSink
{
    /// <inheritdoc/>
    public uint Instrument(ReadOnlySpan<byte> symbolUtf8) => inner.Instrument(symbolUtf8);

    /// <inheritdoc/>
    public void Trade(in Trade trade)
    {
        metrics.RecordEvent(EventKind.Trade, trade.TsEvent, trade.TsRecv);
        inner.Trade(trade);
    }

    /// <inheritdoc/>
    public void Delta(in BookDelta delta, bool endOfBatch)
    {
        metrics.RecordEvent(EventKind.BookDelta, delta.TsEvent, delta.TsRecv);
        inner.Delta(delta, endOfBatch);
    }

    /// <inheritdoc/>
    public void Snapshot(in BookSnapshot snapshot)
    {
        metrics.RecordEvent(EventKind.BookSnapshot, snapshot.TsEvent, snapshot.TsRecv);
        inner.Snapshot(snapshot);
    }

    /// <inheritdoc/>
    public void Quote(in Quote quote)
    {
        metrics.RecordEvent(EventKind.Quote, quote.TsEvent, quote.TsRecv);
        inner.Quote(quote);
    }

    /// <inheritdoc/>
    public void Gap(in Gap gap)
    {
        // A gap's lag says nothing about the feed's latency; count it only.
        metrics.RecordEvent(EventKind.Gap, 0, gap.TsRecv);
        inner.Gap(gap);
    }
}
