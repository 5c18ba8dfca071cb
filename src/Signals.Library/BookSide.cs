namespace Signals.Library;

/// <summary>A side of an order book. Stored as one byte; values are part of the on-disk format.</summary>
public enum BookSide : byte
{
    /// <summary>Resting buy orders.</summary>
    Bid = 1,

    /// <summary>Resting sell orders.</summary>
    Ask = 2,
}
