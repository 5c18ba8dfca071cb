namespace Market.Core.Feeds.Binance;

/// <summary>Where a symbol's book stands in Binance's documented depth sync procedure.</summary>
public enum BinanceDepthState
{
    /// <summary>No trusted book: depth events are buffered until a REST snapshot arrives.</summary>
    NeedsSnapshot,

    /// <summary>A snapshot was emitted; waiting for the event whose <c>U</c>..<c>u</c> spans its <c>lastUpdateId</c> (spot: <c>lastUpdateId</c> + 1).</summary>
    Bridging,

    /// <summary>Deltas flow: every event has continued the last (futures: its <c>pu</c> is the previous <c>u</c>; spot: its <c>U</c> is at most the previous <c>u</c> + 1).</summary>
    Synced,
}
