namespace Market.Core.Journal;

/// <summary>When appended records are forced to stable storage.</summary>
public enum Durability
{
    /// <summary>Records live in the page cache: they survive a process crash, not a power loss.</summary>
    PageCache = 0,

    /// <summary>A background flush every <see cref="JournalOptions.GroupCommitInterval"/> advances the durable watermark.</summary>
    GroupCommit = 1,

    /// <summary>Every <see cref="IJournalWriter.Commit"/> flushes the batch before returning.</summary>
    EveryBatch = 2,
}

/// <summary>How a journal is laid out and how its writer behaves. Validated when a journal opens.</summary>
public sealed record JournalOptions
{
    /// <summary>Size of each preallocated chunk file, header included. Default 64 MiB.</summary>
    public long ChunkSize { get; init; } = 64L * 1024 * 1024;

    /// <summary>When records are forced to disk.</summary>
    public Durability Durability { get; init; } = Durability.PageCache;

    /// <summary>Flush period for <see cref="Durability.GroupCommit"/>.</summary>
    public TimeSpan GroupCommitInterval { get; init; } = TimeSpan.FromMilliseconds(5);

    /// <summary>Records between two entries of the sparse sequence/time index.</summary>
    public int IndexStride { get; init; } = 256;

    /// <summary>Bytes between two recovery checkpoints; bounds the scan after a crash.</summary>
    public int CheckpointInterval { get; init; } = 1024 * 1024;

    /// <summary>
    /// Touch pages ahead of the writer on a background thread, so appends do not take page faults.
    /// On Linux it runs only on CPU time nothing else wants (SCHED_IDLE), and each fault it takes
    /// fills one 2 MiB page-cache folio rather than the device's whole readahead window.
    /// </summary>
    public bool Pretouch { get; init; } = true;

    /// <summary>
    /// Sealed chunks whose newest record is older than this are removed by the writer each time it
    /// starts a new chunk; null keeps everything.
    /// </summary>
    public TimeSpan? Retention { get; init; }

    /// <summary>Readers check every record's CRC32C.</summary>
    public bool VerifyChecksums { get; init; } = true;

    /// <summary>Largest payload one record may carry.</summary>
    public int MaxPayloadSize => (int)Math.Min(16 * 1024 * 1024, ChunkSize - Internal.JournalFormat.ChunkHeaderSize - Internal.JournalFormat.RecordHeaderSize);

    /// <summary>Throws <see cref="ArgumentException"/> naming the first invalid setting.</summary>
    public JournalOptions Validate()
    {
        if (ChunkSize < 64 * 1024 || ChunkSize % Environment.SystemPageSize != 0 || ChunkSize > int.MaxValue)
        {
            throw new ArgumentException($"ChunkSize must be a multiple of the page size between 64 KiB and 2 GiB (got {ChunkSize})");
        }
        if (IndexStride is < 1 or > 1 << 20) throw new ArgumentException($"IndexStride must be 1..1048576 (got {IndexStride})");
        if (CheckpointInterval < 4096) throw new ArgumentException($"CheckpointInterval must be at least 4096 bytes (got {CheckpointInterval})");
        if (Retention is { } keep && keep <= TimeSpan.Zero) throw new ArgumentException($"Retention must be positive or null (got {keep})");
        if (Durability == Durability.GroupCommit && GroupCommitInterval <= TimeSpan.Zero)
        {
            throw new ArgumentException($"GroupCommitInterval must be positive (got {GroupCommitInterval})");
        }
        return this;
    }
}
