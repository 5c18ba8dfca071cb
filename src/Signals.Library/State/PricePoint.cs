namespace Signals.Library.State;

/// <summary>One trade in a <see cref="PriceHistoryState"/>: when, at what price, how much.</summary>
/// <param name="Time">The event clock (receive time) of the trade, UTC ns.</param>
/// <param name="Price">The trade price at scale 1e-9.</param>
/// <param name="Size">The trade size at scale 1e-9.</param>
public readonly record struct PricePoint(long Time, long Price, long Size);
