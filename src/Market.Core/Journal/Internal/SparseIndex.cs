using System.Buffers.Binary;
using static Market.Core.Journal.Internal.JournalFormat;

namespace Market.Core.Journal.Internal;

/// <summary>One index entry: where the record with <see cref="Sequence"/> starts and its receive time.</summary>
internal readonly record struct IndexEntry(long Sequence, long Offset, long TsRecv);

/// <summary>
/// A sparse sequence and time index over one chunk: an entry every N records, so a seek is a
/// binary search plus a scan of at most N records. TsRecv is non-decreasing along a journal, so
/// the same entries serve both searches.
/// </summary>
internal sealed class SparseIndex
{
    private const ulong Magic = 0x3158444E49574400; // "\0DWINDX1"
    private const int HeaderSize = 32;
    private const int EntrySize = 24;

    private IndexEntry[] _entries;

    public SparseIndex(int capacity = 64) => _entries = new IndexEntry[Math.Max(4, capacity)];

    public int Count { get; private set; }

    public IndexEntry this[int i] => _entries[i];

    public void Add(in IndexEntry entry)
    {
        if (Count == _entries.Length) Array.Resize(ref _entries, Count * 2);
        _entries[Count++] = entry;
    }

    /// <summary>The last entry at or before <paramref name="sequence"/>, or -1.</summary>
    public int FloorBySequence(long sequence)
    {
        int lo = 0, hi = Count - 1, found = -1;
        while (lo <= hi)
        {
            var mid = (lo + hi) >>> 1;
            if (_entries[mid].Sequence <= sequence) { found = mid; lo = mid + 1; }
            else hi = mid - 1;
        }
        return found;
    }

    /// <summary>The last entry whose time is before <paramref name="tsRecv"/>, or -1: the first record at or after it lies beyond.</summary>
    public int LastBefore(long tsRecv)
    {
        int lo = 0, hi = Count - 1, found = -1;
        while (lo <= hi)
        {
            var mid = (lo + hi) >>> 1;
            if (_entries[mid].TsRecv < tsRecv) { found = mid; lo = mid + 1; }
            else hi = mid - 1;
        }
        return found;
    }

    /// <summary>Where an index built by walking a chunk got to: the next record's offset and sequence.</summary>
    public long ScanPosition { get; private set; } = ChunkHeaderSize;

    /// <summary>The sequence of the record at <see cref="ScanPosition"/>; 0 until the first walk.</summary>
    public long ScanSequence { get; private set; }

    /// <summary>Builds the index of a chunk by walking its records (for an index that is missing or corrupt).</summary>
    public static SparseIndex Build(MappedChunk chunk, long dataEnd, int stride)
    {
        var index = new SparseIndex();
        index.Extend(chunk, dataEnd, stride, verifyChecksums: false);
        return index;
    }

    /// <summary>
    /// Continues the walk from where the last one stopped up to <paramref name="dataEnd"/> (or the
    /// end of what is published), adding an entry every <paramref name="stride"/> records. Used for
    /// the chunk still being written, whose index file does not exist yet; there checksums are
    /// verified, so a torn record a crashed writer left is never indexed.
    /// </summary>
    public unsafe void Extend(MappedChunk chunk, long dataEnd, int stride, bool verifyChecksums)
    {
        var first = chunk.FirstSequence;
        var (position, sequence) = (ScanPosition, ScanSequence == 0 ? first : ScanSequence);
        while (position < dataEnd
            && RecordCheck.At(chunk.Base, chunk.Size, position, sequence, verifyChecksums, out var length) == RecordStatus.Ok)
        {
            if ((sequence - first) % stride == 0) Add(new IndexEntry(sequence, position, *(long*)(chunk.Base + position + TsRecvOffset)));
            position += Align(length);
            sequence++;
        }
        (ScanPosition, ScanSequence) = (position, sequence);
    }

    /// <summary>Writes the index beside its chunk under a temporary name, then renames it into place.</summary>
    public void Save(string path, long chunkFirstSequence, int stride)
    {
        var bytes = new byte[HeaderSize + Count * EntrySize];
        var span = bytes.AsSpan();
        for (var i = 0; i < Count; i++)
        {
            var e = span.Slice(HeaderSize + i * EntrySize, EntrySize);
            BinaryPrimitives.WriteInt64LittleEndian(e, _entries[i].Sequence);
            BinaryPrimitives.WriteInt64LittleEndian(e[8..], _entries[i].Offset);
            BinaryPrimitives.WriteInt64LittleEndian(e[16..], _entries[i].TsRecv);
        }
        BinaryPrimitives.WriteUInt64LittleEndian(span, Magic);
        BinaryPrimitives.WriteInt32LittleEndian(span[8..], stride);
        BinaryPrimitives.WriteInt32LittleEndian(span[12..], Count);
        BinaryPrimitives.WriteInt64LittleEndian(span[16..], chunkFirstSequence);
        BinaryPrimitives.WriteUInt32LittleEndian(span[24..], Crc32C.Compute(span[HeaderSize..]));
        BinaryPrimitives.WriteUInt32LittleEndian(span[28..], Crc32C.Compute(span[..28]));
        var temp = path + ".tmp";
        File.WriteAllBytes(temp, bytes);
        File.Move(temp, path, overwrite: true);
    }

    /// <summary>Loads an index file; false if it is missing, corrupt, or belongs to another chunk.</summary>
    public static bool TryLoad(string path, long chunkFirstSequence, out SparseIndex index)
    {
        index = null!;
        byte[] bytes;
        try { bytes = File.ReadAllBytes(path); }
        catch (IOException) { return false; }
        var span = bytes.AsSpan();
        if (span.Length < HeaderSize
            || BinaryPrimitives.ReadUInt64LittleEndian(span) != Magic
            || BinaryPrimitives.ReadUInt32LittleEndian(span[28..]) != Crc32C.Compute(span[..28])
            || BinaryPrimitives.ReadInt64LittleEndian(span[16..]) != chunkFirstSequence)
        {
            return false;
        }
        var count = BinaryPrimitives.ReadInt32LittleEndian(span[12..]);
        if (count < 0 || span.Length != HeaderSize + (long)count * EntrySize
            || BinaryPrimitives.ReadUInt32LittleEndian(span[24..]) != Crc32C.Compute(span[HeaderSize..]))
        {
            return false;
        }
        index = new SparseIndex(count);
        for (var i = 0; i < count; i++)
        {
            var e = span.Slice(HeaderSize + i * EntrySize, EntrySize);
            index.Add(new IndexEntry(
                BinaryPrimitives.ReadInt64LittleEndian(e),
                BinaryPrimitives.ReadInt64LittleEndian(e[8..]),
                BinaryPrimitives.ReadInt64LittleEndian(e[16..])));
        }
        return true;
    }

    /// <summary>True when every entry points at a record with its sequence and time, in order.</summary>
    public unsafe bool AgreesWith(MappedChunk chunk, long dataEnd)
    {
        for (var i = 0; i < Count; i++)
        {
            var e = _entries[i];
            if (e.Offset < ChunkHeaderSize || e.Offset >= dataEnd || (e.Offset & (Alignment - 1)) != 0) return false;
            if (i > 0 && (e.Sequence <= _entries[i - 1].Sequence || e.Offset <= _entries[i - 1].Offset)) return false;
            var p = chunk.Base + e.Offset;
            if (*(long*)(p + SequenceOffset) != e.Sequence || *(long*)(p + TsRecvOffset) != e.TsRecv) return false;
        }
        return true;
    }
}
