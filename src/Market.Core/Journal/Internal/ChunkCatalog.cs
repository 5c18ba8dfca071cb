using static Market.Core.Journal.Internal.JournalFormat;

namespace Market.Core.Journal.Internal;

/// <summary>What is known about one chunk without mapping it.</summary>
internal sealed class ChunkInfo(string path, long firstSequence)
{
    public string Path { get; } = path;

    public long FirstSequence { get; } = firstSequence;

    private ChunkSeal? _seal;

    /// <summary>The seal if already known; see <see cref="GetSeal"/>.</summary>
    public ChunkSeal? KnownSeal => Volatile.Read(ref _seal);

    /// <summary>
    /// The seal, read from the header on first need (one small read) and cached once sealed;
    /// null while the chunk is the one being written.
    /// </summary>
    public ChunkSeal? GetSeal()
    {
        var seal = Volatile.Read(ref _seal);
        if (seal is not null) return seal;
        seal = ChunkCatalog.ReadSeal(Path);
        if (seal is not null) Volatile.Write(ref _seal, seal);
        return seal;
    }

    /// <summary>Records a seal found by someone who mapped the chunk.</summary>
    public void MarkSealed(ChunkSeal seal) => Volatile.Write(ref _seal, seal);

    /// <summary>The loaded (or rebuilt) sparse index of a sealed chunk.</summary>
    public SparseIndex? Index { get; set; }

    /// <summary>The index of this chunk while it is being written, built in memory as readers walk it.</summary>
    public SparseIndex? GrowingIndex { get; set; }

    public string IndexPath => System.IO.Path.ChangeExtension(Path, IndexExtension);
}

/// <summary>
/// The chunks of one journal directory in sequence order, known from their file names; headers
/// are read only when a seal is needed. A reader that finishes a chunk opens the next one by name
/// (its first sequence follows from the seal), so following a journal never lists the directory.
/// </summary>
internal sealed class ChunkCatalog(string directory, JournalOptions options)
{
    private readonly Lock _gate = new();
    private readonly List<ChunkInfo> _chunks = [];

    public string Directory { get; } = directory;

    public JournalOptions Options { get; } = options;

    /// <summary>A snapshot of the chunks, oldest first.</summary>
    public ChunkInfo[] Snapshot()
    {
        lock (_gate) return [.. _chunks];
    }

    /// <summary>Re-lists the directory: picks up new chunks and drops removed ones.</summary>
    public ChunkInfo[] Refresh()
    {
        var found = new SortedDictionary<long, string>();
        foreach (var path in System.IO.Directory.EnumerateFiles(Directory, "*" + ChunkExtension))
        {
            if (TryParseFirstSequence(System.IO.Path.GetFileName(path), ChunkExtension, out var first)) found[first] = path;
        }
        lock (_gate)
        {
            var known = _chunks.ToDictionary(c => c.FirstSequence);
            _chunks.Clear();
            foreach (var (first, path) in found)
            {
                _chunks.Add(known.TryGetValue(first, out var info) ? info : new ChunkInfo(path, first));
            }
            return [.. _chunks];
        }
    }

    /// <summary>
    /// The chunk that follows a sealed one, found by name rather than by listing the directory;
    /// null if it does not exist yet.
    /// </summary>
    public ChunkInfo? FindSuccessor(ChunkSeal sealedChunk)
    {
        var first = sealedChunk.LastSequence + 1;
        lock (_gate)
        {
            var known = _chunks.Find(c => c.FirstSequence == first);
            if (known is not null) return known;
        }
        var path = System.IO.Path.Combine(Directory, ChunkFileName(first));
        if (!File.Exists(path)) return null;
        lock (_gate)
        {
            var known = _chunks.Find(c => c.FirstSequence == first);
            if (known is not null) return known;
            var info = new ChunkInfo(path, first);
            if (_chunks.Count == 0 || _chunks[^1].FirstSequence < first) _chunks.Add(info);
            return info;
        }
    }

    /// <summary>The chunk that holds <paramref name="sequence"/> (the last one starting at or before it).</summary>
    public static ChunkInfo? FindBySequence(ChunkInfo[] chunks, long sequence)
    {
        int lo = 0, hi = chunks.Length - 1, found = -1;
        while (lo <= hi)
        {
            var mid = (lo + hi) >>> 1;
            if (chunks[mid].FirstSequence <= sequence) { found = mid; lo = mid + 1; }
            else hi = mid - 1;
        }
        return found < 0 ? null : chunks[found];
    }

    /// <summary>The first chunk that may hold a record at or after <paramref name="tsRecv"/>, or null if none can.</summary>
    public static ChunkInfo? FindByTime(ChunkInfo[] chunks, long tsRecv)
    {
        // Sealed chunks know their max time; the unsealed tail is open-ended.
        int lo = 0, hi = chunks.Length - 1, found = -1;
        while (lo <= hi)
        {
            var mid = (lo + hi) >>> 1;
            var seal = chunks[mid].GetSeal();
            if (seal is null || seal.MaxTsRecv >= tsRecv) { found = mid; hi = mid - 1; }
            else lo = mid + 1;
        }
        return found < 0 ? null : chunks[found];
    }

    /// <summary>
    /// The sparse index of a chunk. Sealed: loaded from its file, or rebuilt and saved when missing or
    /// corrupt. Still being written: an in-memory index, extended to what is published now.
    /// </summary>
    public SparseIndex GetIndex(ChunkInfo info, MappedChunk mapped)
    {
        var cached = info.Index;
        if (cached is not null) return cached;
        var seal = info.GetSeal();
        if (seal is null)
        {
            lock (info)
            {
                var growing = info.GrowingIndex ??= new SparseIndex();
                growing.Extend(mapped, mapped.Size, Options.IndexStride, verifyChecksums: true);
                return growing;
            }
        }
        if (!SparseIndex.TryLoad(info.IndexPath, info.FirstSequence, out var index))
        {
            index = SparseIndex.Build(mapped, seal.DataEnd, Options.IndexStride);
            TrySave(index, info);
        }
        info.Index = index;
        return index;
    }

    private void TrySave(SparseIndex index, ChunkInfo info)
    {
        try { index.Save(info.IndexPath, info.FirstSequence, Options.IndexStride); }
        catch (IOException) { } // a read-only or full disk: the rebuilt index still serves from memory
        catch (UnauthorizedAccessException) { }
    }

    /// <summary>Reads a chunk's header with one small read; validates identity; returns its seal if sealed.</summary>
    public static ChunkSeal? ReadSeal(string path)
    {
        Span<byte> header = stackalloc byte[ChunkHeaderSize];
        long size;
        using (var handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete))
        {
            size = RandomAccess.GetLength(handle);
            if (size < ChunkHeaderSize || RandomAccess.Read(handle, header, 0) != ChunkHeaderSize)
            {
                throw new JournalFormatException($"{path} is not a journal chunk: shorter than a chunk header");
            }
        }
        MappedChunk.ValidateIdentity(path, header[..(IdentityLength + 4)], size);
        return MappedChunk.TryParseSeal(header, out var seal) ? seal : null;
    }
}
