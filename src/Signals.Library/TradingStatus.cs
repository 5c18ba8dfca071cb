namespace Signals.Library;

/// <summary>The trading state of an instrument. Stored as one byte; values are part of the on-disk format.</summary>
public enum TradingStatus : byte
{
    /// <summary>The venue has not said, or said something that maps to nothing here.</summary>
    Unknown = 0,

    /// <summary>Accepting orders before the open, without matching.</summary>
    PreOpen = 1,

    /// <summary>Open and matching.</summary>
    Trading = 2,

    /// <summary>Stopped by the venue or a regulator, with no scheduled resumption.</summary>
    Halted = 3,

    /// <summary>Briefly stopped, such as by a volatility interruption, expected to resume.</summary>
    Paused = 4,

    /// <summary>Closed for the session; expected to open again.</summary>
    Closed = 5,

    /// <summary>An event contract that has settled; it will not trade again.</summary>
    Settled = 6,

    /// <summary>Removed from the venue.</summary>
    Delisted = 7,
}
