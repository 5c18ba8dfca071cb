namespace Market.Core.Books;

/// <summary>When <see cref="BookCheckpointer"/> writes a periodic snapshot of an instrument's book: whichever comes first.</summary>
/// <param name="EveryDeltas">Deltas of the instrument since its last checkpoint; 0 turns the count off.</param>
/// <param name="EveryNanos">Receive time since its last checkpoint (or its first delta); 0 turns the clock off.</param>
public sealed record BookCheckpointOptions(long EveryDeltas = 50_000, long EveryNanos = 10_000_000_000)
{
    /// <summary>Checks the settings; returns this for chaining.</summary>
    /// <returns>This instance.</returns>
    /// <exception cref="ArgumentOutOfRangeException">A setting is negative, or both are off.</exception>
    public BookCheckpointOptions Validate()
    {
        ArgumentOutOfRangeException.ThrowIfNegative(EveryDeltas);
        ArgumentOutOfRangeException.ThrowIfNegative(EveryNanos);
        if (EveryDeltas == 0 && EveryNanos == 0) throw new ArgumentOutOfRangeException(nameof(EveryDeltas), "at least one of EveryDeltas and EveryNanos must be positive");
        return this;
    }
}
