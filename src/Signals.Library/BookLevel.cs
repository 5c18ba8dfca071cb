namespace Signals.Library;

/// <summary>One price level of a book: the total size resting at a price.</summary>
/// <param name="Price">The level's price at scale 1e-9 (see <see cref="FixedPoint"/>).</param>
/// <param name="Size">The total size at that price at scale 1e-9.</param>
public readonly record struct BookLevel(long Price, long Size);
