namespace Market.Core.Journal;

public sealed partial class JournalWriter
{
    /// <inheritdoc />
    /// <remarks>
    /// Only whole sealed chunks go, oldest first, so what remains is still one gapless run of
    /// sequences. The chunk being written is never removed. Readers that still map a removed chunk
    /// keep reading it; new readers start at the first chunk left.
    /// </remarks>
    public int ApplyRetention(TimeSpan maxAge, long nowNanos)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        ArgumentOutOfRangeException.ThrowIfNegative(maxAge.Ticks, nameof(maxAge));
        var cutoff = RetentionCutoff(maxAge, nowNanos);
        var removed = 0;
        foreach (var chunk in _journal.Catalog.Refresh())
        {
            if (chunk.GetSeal() is not { } seal || chunk.FirstSequence == _chunk.FirstSequence || seal.MaxTsRecv >= cutoff) break;
            File.Delete(chunk.IndexPath);
            File.Delete(chunk.Path);
            removed++;
        }
        if (removed > 0) _journal.Catalog.Refresh();
        return removed;
    }

    /// <summary>now - maxAge in nanoseconds; an age beyond the nanosecond range (TimeSpan.MaxValue: keep forever) removes nothing.</summary>
    internal static long RetentionCutoff(TimeSpan maxAge, long nowNanos)
    {
        if (maxAge.Ticks > long.MaxValue / 100) return long.MinValue;
        var age = maxAge.Ticks * 100;
        return nowNanos < long.MinValue + age ? long.MinValue : nowNanos - age;
    }
}
