namespace Signals.Library.State;

/// <summary>A price range [<see cref="Low"/>, <see cref="High"/>) at scale 1e-9, such as a value area.</summary>
/// <param name="Low">The lowest price in the range.</param>
/// <param name="High">The first price above the range.</param>
public readonly record struct PriceRange(long Low, long High);
