namespace Signals.Library.State;

/// <summary>
/// One OHLCV bar over [<see cref="OpenTime"/>, <see cref="CloseTime"/>) on the event clock. Bars
/// are stamped by their close: the 1-minute bar of trades from 12:00:00 to 12:00:59.999 is the
/// 12:01 bar. Prices and volume are at scale 1e-9 (see <see cref="FixedPoint"/>).
/// </summary>
/// <param name="OpenTime">The bar's start, UTC ns, a multiple of the interval since the epoch.</param>
/// <param name="CloseTime">The bar's end (exclusive) and its stamp, UTC ns.</param>
/// <param name="Open">The first trade's price.</param>
/// <param name="High">The highest trade price.</param>
/// <param name="Low">The lowest trade price.</param>
/// <param name="Close">The last trade's price.</param>
/// <param name="Volume">The summed trade size.</param>
/// <param name="Trades">How many trades the bar holds.</param>
public readonly record struct Bar(long OpenTime, long CloseTime, long Open, long High, long Low, long Close, long Volume, int Trades);
