namespace Signals.Library;

/// <summary>
/// The aggressor side of a trade: the side of the order that crossed the spread. Stored as one
/// byte in trade payloads, so values are part of the on-disk format.
/// </summary>
public enum Side : byte
{
    /// <summary>The venue did not say, as with auctions and some off-book prints.</summary>
    None = 0,

    /// <summary>A buyer lifted the offer.</summary>
    Buy = 1,

    /// <summary>A seller hit the bid.</summary>
    Sell = 2,
}
