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
        var cutoff = nowNanos - maxAge.Ticks * 100;
        var removed = 0;
        foreach (var chunk in _journal.Catalog.Refresh())
        {
            if (chunk.Seal is not { } seal || chunk.FirstSequence == _chunk.FirstSequence || seal.MaxTsRecv >= cutoff) break;
            File.Delete(chunk.IndexPath);
            File.Delete(chunk.Path);
            removed++;
        }
        if (removed > 0) _journal.Catalog.Refresh();
        return removed;
    }
}
