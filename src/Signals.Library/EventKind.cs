namespace Signals.Library;

/// <summary>
/// The kind of a journaled event. Stored as one byte in every journal record header, so values
/// are part of the on-disk format: never renumber, only add.
/// </summary>
public enum EventKind : byte
{
    /// <summary>No event; never written. A zero kind marks an empty or torn slot.</summary>
    None = 0,

    /// <summary>An executed trade.</summary>
    Trade = 1,

    /// <summary>One price level set or deleted, with absolute size.</summary>
    BookDelta = 2,

    /// <summary>A full book at one instant.</summary>
    BookSnapshot = 3,

    /// <summary>Top of book or ticker.</summary>
    Quote = 4,

    /// <summary>An instrument definition or state change.</summary>
    InstrumentStatus = 5,

    /// <summary>Data known to be missing, with the reason.</summary>
    Gap = 6,

    /// <summary>A signal fired; written to the signal journal, not to market feeds.</summary>
    SignalFire = 7,
}
