using Signals.Library.State.Internal;

namespace Signals.Library.State;

/// <summary>
/// Indicators of a series, each a series itself, so they compose:
/// <c>Indicators.Ema(Indicators.Rsi(Sources.TradePrice(), 14), 9)</c>. Declare with
/// <c>setup.Use(…)</c> and read <c>context.State(key).Value</c>.
/// </summary>
/// <remarks>
/// <para>
/// Warmness: an indicator publishes only once it has seen enough values to mean what it says
/// (an SMA(20) after 20), so before that <see cref="Series.Value"/> is NaN and
/// <see cref="StateBuilder.IsWarm"/> is false; check <c>IsWarm</c> before using a value. An
/// indicator reads only its source's warm values and is warm only while its source is, so an
/// EMA(9) of an RSI(14) of trade prices is warm after 15 + 8 = 23 trades.
/// </para>
/// <para>
/// Each updates in O(1) per value. Rolling sums are kept relative to a recent value and
/// recomputed from the window once per window length, so floating-point drift never outlives one
/// window. Equal specs share one builder per instrument.
/// </para>
/// </remarks>
public static class Indicators
{
    /// <summary>Simple moving average: the mean of the last <paramref name="period"/> values. Warm after <paramref name="period"/> values.</summary>
    /// <param name="source">The series to average, e.g. <c>Sources.TradePrice()</c>.</param>
    /// <param name="period">Values in the window, at least 1.</param>
    /// <returns>A series spec.</returns>
    public static SeriesSpec Sma(SeriesSpec source, int period) => new SmaSpec(Require(source), Period(period, 1));

    /// <summary>
    /// Exponential moving average, α = 2 / (<paramref name="period"/> + 1). Seeded with the SMA of
    /// the first <paramref name="period"/> values, so it is warm (and first published) after
    /// <paramref name="period"/> values, then updates as ema += α × (x − ema).
    /// </summary>
    /// <param name="source">The series to average.</param>
    /// <param name="period">At least 1.</param>
    /// <returns>A series spec.</returns>
    public static SeriesSpec Ema(SeriesSpec source, int period) => new EmaSpec(Require(source), Period(period, 1));

    /// <summary>
    /// Relative strength index with Wilder's smoothing, in [0, 100]. Warm after
    /// <paramref name="period"/> changes, that is <paramref name="period"/> + 1 values. All gains give
    /// 100, all losses 0, a flat series 50.
    /// </summary>
    /// <param name="source">The series, usually a price.</param>
    /// <param name="period">At least 1; 14 by convention.</param>
    /// <returns>A series spec.</returns>
    public static SeriesSpec Rsi(SeriesSpec source, int period) => new RsiSpec(Require(source), Period(period, 1));

    /// <summary>
    /// Volume-weighted average trade price in units, Σ price × size / Σ size, updated on every trade.
    /// Cumulative since the start, or over a rolling window of the event clock. Exact integer sums:
    /// it never drifts. Cumulative is warm from the first trade; windowed once a full window has passed.
    /// </summary>
    /// <param name="window">The rolling window, or null for cumulative.</param>
    /// <returns>A series spec.</returns>
    public static SeriesSpec Vwap(TimeSpan? window = null)
    {
        if (window is { } w) Durations.RequirePositive(w, nameof(window));
        return new VwapSpec(window);
    }

    /// <summary>
    /// Realized volatility: the sample standard deviation (n − 1) of the last <paramref name="count"/>
    /// log returns between consecutive values. Per step of the source and NOT annualised: scale by
    /// √(steps per year) yourself (e.g. √525600 for 1-minute bar returns of a 24/7 market). Values of
    /// 0 or less are skipped. Warm after <paramref name="count"/> + 1 values.
    /// </summary>
    /// <param name="source">A positive series such as a price or <c>Sources.BarClose(…)</c>.</param>
    /// <param name="count">Returns in the window, at least 2.</param>
    /// <returns>A series spec.</returns>
    public static SeriesSpec RealizedVolatility(SeriesSpec source, int count) => new RealizedVolatilitySpec(Require(source), Period(count, 2));

    /// <summary>
    /// Z-score: (x − mean) / stdev over the last <paramref name="period"/> values including x, with
    /// the population stdev. A window with no spread gives 0. Warm after <paramref name="period"/> values.
    /// </summary>
    /// <param name="source">The series.</param>
    /// <param name="period">Values in the window, at least 2.</param>
    /// <returns>A series spec.</returns>
    public static SeriesSpec ZScore(SeriesSpec source, int period) => new ZScoreSpec(Require(source), Period(period, 2));

    /// <summary>x − x[<paramref name="lag"/> values ago]. Warm after <paramref name="lag"/> + 1 values.</summary>
    /// <param name="source">The series.</param>
    /// <param name="lag">Values back, at least 1.</param>
    /// <returns>A series spec.</returns>
    public static SeriesSpec Change(SeriesSpec source, int lag = 1) => new ChangeSpec(Require(source), Period(lag, 1), Ratio: false);

    /// <summary>Simple return x / x[<paramref name="lag"/> values ago] − 1 (skipped when the old value is 0). Warm after <paramref name="lag"/> + 1 values.</summary>
    /// <param name="source">The series.</param>
    /// <param name="lag">Values back, at least 1.</param>
    /// <returns>A series spec.</returns>
    public static SeriesSpec Return(SeriesSpec source, int lag = 1) => new ChangeSpec(Require(source), Period(lag, 1), Ratio: true);

    private static SeriesSpec Require(SeriesSpec source)
    {
        ArgumentNullException.ThrowIfNull(source);
        return source;
    }

    private static int Period(int value, int min, [System.Runtime.CompilerServices.CallerArgumentExpression(nameof(value))] string? name = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(value, min, name);
        return value;
    }
}
