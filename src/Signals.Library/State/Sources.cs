using Signals.Library.State.Internal;

namespace Signals.Library.State;

/// <summary>
/// Raw number series read from the instrument's events: the inputs of <see cref="Indicators"/>,
/// or read directly as <c>context.State(key).Value</c>. Prices are doubles in units
/// (fixed point / 1e9), for arithmetic; keep exact prices from <see cref="Builders"/> states.
/// </summary>
/// <example>
/// <code>
/// _mid = setup.Use(Sources.MidPrice());
/// _emaMid = setup.Use(Indicators.Ema(Sources.MidPrice(), 20)); // shares the book with _mid
/// </code>
/// </example>
public static class Sources
{
    /// <summary>Each trade's price, in units.</summary>
    /// <returns>A series spec.</returns>
    public static SeriesSpec TradePrice() => new TradeSourceSpec(Size: false);

    /// <summary>Each trade's size, in units.</summary>
    /// <returns>A series spec.</returns>
    public static SeriesSpec TradeSize() => new TradeSourceSpec(Size: true);

    /// <summary>The book's mid in units, each time the book is whole (end of a venue message, or a snapshot) and valid.</summary>
    /// <returns>A series spec.</returns>
    public static SeriesSpec MidPrice() => new BookSourceSpec(BookField.Mid, 0);

    /// <summary>The book's spread (ask − bid) in units, each time the book is whole and valid.</summary>
    /// <returns>A series spec.</returns>
    public static SeriesSpec Spread() => new BookSourceSpec(BookField.Spread, 0);

    /// <summary>The book's spread in basis points of the mid, each time the book is whole and valid.</summary>
    /// <returns>A series spec.</returns>
    public static SeriesSpec SpreadBps() => new BookSourceSpec(BookField.SpreadBps, 0);

    /// <summary>
    /// The size-weighted mid, (bid × ask size + ask × bid size) / (bid size + ask size), in units,
    /// each time the book is whole and valid: it leans toward the side with less size.
    /// </summary>
    /// <returns>A series spec.</returns>
    public static SeriesSpec Microprice() => new BookSourceSpec(BookField.Microprice, 0);

    /// <summary>(bid − ask volume) / (bid + ask volume) over the top <paramref name="levels"/> of the book, in [−1, 1].</summary>
    /// <param name="levels">Levels per side, at least 1.</param>
    /// <returns>A series spec.</returns>
    public static SeriesSpec BookImbalance(int levels)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(levels, 1);
        return new BookSourceSpec(BookField.Imbalance, levels);
    }

    /// <summary>The close of each bar of <paramref name="interval"/>, in units, one value when the bar closes.</summary>
    /// <param name="interval">The bar length.</param>
    /// <returns>A series spec.</returns>
    public static SeriesSpec BarClose(TimeSpan interval) => new BarSourceSpec(Durations.RequirePositive(interval, nameof(interval)), LogReturn: false);

    /// <summary>ln(close / previous close) for each bar of <paramref name="interval"/> after the first, when the bar closes.</summary>
    /// <param name="interval">The bar length. Intervals without trades make no bar, so a return may span several intervals.</param>
    /// <returns>A series spec.</returns>
    public static SeriesSpec BarReturn(TimeSpan interval) => new BarSourceSpec(Durations.RequirePositive(interval, nameof(interval)), LogReturn: true);

    /// <summary>The <see cref="TradeFlowState.Imbalance"/> over <paramref name="window"/>, each time a trade enters or leaves it.</summary>
    /// <param name="window">The rolling window on the event clock.</param>
    /// <returns>A series spec.</returns>
    public static SeriesSpec TradeFlowImbalance(TimeSpan window) => new TradeFlowSourceSpec(Durations.RequirePositive(window, nameof(window)));
}
