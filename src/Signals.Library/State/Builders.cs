using Signals.Library.State.Internal;

namespace Signals.Library.State;

/// <summary>
/// Shared per-instrument state a signal declares in <see cref="Signal.Configure"/> with
/// <c>setup.Use(Builders.…)</c> and reads in its handlers with <c>context.State(key)</c>.
/// Equal declarations share one builder per instrument, however many signals make them.
/// </summary>
/// <example>
/// <code>
/// _bars = setup.Use(Builders.Bars(TimeSpan.FromMinutes(1), keep: 60));
/// // in a handler:
/// var bars = context.State(_bars);
/// if (bars.Last is { } bar) context.Log($"last 1m close {FixedPoint.Format(bar.Close)}");
/// </code>
/// </example>
public static class Builders
{
    /// <summary>The L2 order book from book deltas and snapshots: best bid/ask, spread, mid, depth, imbalance.</summary>
    /// <param name="depth">Levels per side the reads see (<see cref="BookState.Level"/>, <see cref="BookState.DepthVolume"/>, counts); 0 for all.</param>
    /// <returns>The spec to pass to <see cref="SignalSetup.Use{TBuilder}"/>.</returns>
    public static StateSpec<BookState> Book(int depth = 0)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(depth);
        return new BookSpec(depth);
    }

    /// <summary>OHLCV bars of trades on the event clock, stamped at their close; intervals without trades make no bar.</summary>
    /// <param name="interval">The bar length, e.g. <c>TimeSpan.FromMinutes(1)</c>; boundaries are multiples of it since the epoch.</param>
    /// <param name="keep">How many closed bars to keep, at least 1.</param>
    /// <returns>The spec to pass to <see cref="SignalSetup.Use{TBuilder}"/>.</returns>
    public static StateSpec<BarState> Bars(TimeSpan interval, int keep = 100)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(keep, 1);
        return new BarSpec(Durations.RequirePositive(interval, nameof(interval)), keep);
    }

    /// <summary>The last <paramref name="length"/> trades (time, price, size), newest first.</summary>
    /// <param name="length">How many trades to keep, at least 1.</param>
    /// <returns>The spec to pass to <see cref="SignalSetup.Use{TBuilder}"/>.</returns>
    public static StateSpec<PriceHistoryState> PriceHistory(int length)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(length, 1);
        return new PriceHistorySpec(length);
    }

    /// <summary>Traded volume by price bucket, with point of control and value area.</summary>
    /// <param name="bucketSize">The bucket width at scale 1e-9, e.g. <c>FixedPoint.FromInteger(10)</c> for 10-unit buckets.</param>
    /// <param name="window">A rolling window on the event clock, or null to cover everything since the start.</param>
    /// <returns>The spec to pass to <see cref="SignalSetup.Use{TBuilder}"/>.</returns>
    public static StateSpec<VolumeProfileState> VolumeProfile(long bucketSize, TimeSpan? window = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(bucketSize);
        if (window is { } w) Durations.RequirePositive(w, nameof(window));
        return new VolumeProfileSpec(bucketSize, window);
    }

    /// <summary>Aggressive buy and sell volume over a rolling window, their imbalance, and the cumulative volume delta.</summary>
    /// <param name="window">The rolling window on the event clock, e.g. <c>TimeSpan.FromSeconds(30)</c>.</param>
    /// <returns>The spec to pass to <see cref="SignalSetup.Use{TBuilder}"/>.</returns>
    public static StateSpec<TradeFlowState> TradeFlow(TimeSpan window) => new TradeFlowSpec(Durations.RequirePositive(window, nameof(window)));

    /// <summary>Best bid and ask with sizes, spread and mid: from quote events, or from the book on feeds that send none.</summary>
    /// <returns>The spec to pass to <see cref="SignalSetup.Use{TBuilder}"/>.</returns>
    public static StateSpec<QuoteState> Quotes() => new QuotesSpec();
}
