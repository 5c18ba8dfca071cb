namespace Signals.Library.Internal;

/// <summary>
/// Which byte values each on-disk enum defines. Decoders reject anything else, and encoders refuse
/// to write it, so a journal never holds a value a reader cannot name.
/// </summary>
internal static class EnumRanges
{
    public static bool IsDefined(this Side value) => value <= Side.Sell;

    public static bool IsDefined(this BookSide value) => value is BookSide.Bid or BookSide.Ask;

    public static bool IsDefined(this BookAction value) => value is BookAction.Set or BookAction.Delete;

    public static bool IsDefined(this TradingStatus value) => value <= TradingStatus.Delisted;

    public static bool IsDefined(this GapReason value) => value is >= GapReason.SequenceGap and <= GapReason.Overflow;
}
