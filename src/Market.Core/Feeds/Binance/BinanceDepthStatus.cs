namespace Market.Core.Feeds.Binance;

/// <summary>One symbol's depth sync state and counters.</summary>
/// <param name="State">Where the symbol stands in the sync procedure.</param>
/// <param name="LastUpdateId">The <c>u</c> of the last applied event, or the snapshot's <c>lastUpdateId</c> before one; 0 before any snapshot.</param>
/// <param name="Buffered">Depth events held while waiting for a snapshot.</param>
/// <param name="DroppedStale">Events dropped because the snapshot already covered them (futures: <c>u</c> &lt; <c>lastUpdateId</c>; spot: <c>u</c> &lt;= it) or the buffer overflowed.</param>
/// <param name="Gaps">Breaks in the update id chain (or snapshots no event could bridge) since the parser started.</param>
public readonly record struct BinanceDepthStatus(BinanceDepthState State, long LastUpdateId, int Buffered, long DroppedStale, long Gaps);
