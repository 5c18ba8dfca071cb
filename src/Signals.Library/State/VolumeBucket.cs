namespace Signals.Library.State;

/// <summary>The traded volume in one price bucket of a <see cref="VolumeProfileState"/>.</summary>
/// <param name="Price">The bucket's lowest price at scale 1e-9: it holds prices in [Price, Price + bucket size).</param>
/// <param name="Volume">The traded size in the bucket at scale 1e-9.</param>
public readonly record struct VolumeBucket(long Price, long Volume);
