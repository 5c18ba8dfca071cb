namespace Market.Core.Feeds.Binance;

/// <summary>Where a symbol's book stands in Binance's documented depth sync procedure.</summary>
public enum BinanceDepthState
{
    /// <summary>No trusted book: depth events are buffered until a REST snapshot arrives.</summary>
    NeedsSnapshot,

    /// <summary>A snapshot was emitted; waiting for the event whose <c>U</c>..<c>u</c> spans its <c>lastUpdateId</c>.</summary>
    Bridging,

    /// <summary>Deltas flow: every event's <c>pu</c> has matched the previous event's <c>u</c>.</summary>
    Synced,
}
