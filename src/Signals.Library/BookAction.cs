namespace Signals.Library;

/// <summary>
/// What a <see cref="BookDelta"/> does to its price level. Sizes are absolute, never increments,
/// so a replayed or duplicated delta cannot drift the book. Values are part of the on-disk format.
/// </summary>
public enum BookAction : byte
{
    /// <summary>The level now holds the delta's size, whether or not it existed before.</summary>
    Set = 1,

    /// <summary>The level is gone; the delta's size is 0.</summary>
    Delete = 2,
}
