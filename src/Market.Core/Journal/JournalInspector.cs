using Market.Core.Journal.Internal;
using static Market.Core.Journal.Internal.JournalFormat;

namespace Market.Core.Journal;

/// <summary>One chunk as <c>deepwater journal inspect</c> shows it.</summary>
/// <param name="File">The chunk's file name.</param>
/// <param name="FirstSequence">Its first sequence (from the name and header).</param>
/// <param name="LastSequence">Its last record's sequence; FirstSequence - 1 when empty.</param>
/// <param name="FirstTsRecv">Receive time of its first record (0 when empty).</param>
/// <param name="LastTsRecv">Receive time of its last record (0 when empty).</param>
/// <param name="Records">How many records it holds.</param>
/// <param name="Bytes">Bytes of record data (headers, payloads and padding).</param>
/// <param name="Sealed">True once full and sealed.</param>
/// <param name="Status"><c>ok</c>, <c>active</c>, <c>index-missing</c>, <c>index-corrupt</c>, or <c>torn-tail</c>.</param>
public sealed record ChunkSummary(string File, long FirstSequence, long LastSequence, long FirstTsRecv, long LastTsRecv, long Records, long Bytes, bool Sealed, string Status);

/// <summary>Per-chunk metadata, read from headers and checkpoints without walking sealed chunks.</summary>
public static unsafe class JournalInspector
{
    /// <summary>One summary per chunk of the journal in <paramref name="directory"/>, oldest first.</summary>
    public static IReadOnlyList<ChunkSummary> Inspect(string directory)
    {
        using var journal = MmapJournal.Open(directory);
        var rows = new List<ChunkSummary>();
        foreach (var info in journal.Catalog.Refresh())
        {
            using var chunk = MappedChunk.Open(info.Path, writable: false);
            var name = Path.GetFileName(info.Path);
            if (info.GetSeal() is { } seal)
            {
                var status = !File.Exists(info.IndexPath) ? "index-missing"
                    : SparseIndex.TryLoad(info.IndexPath, info.FirstSequence, out _) ? "ok" : "index-corrupt";
                rows.Add(new ChunkSummary(name, info.FirstSequence, seal.LastSequence, seal.MinTsRecv, seal.MaxTsRecv,
                    seal.RecordCount, seal.DataEnd - ChunkHeaderSize, true, status));
                continue;
            }
            var end = ChunkEnd.Find(chunk);
            var count = end.NextSequence - info.FirstSequence;
            var torn = chunk.Slice(end.DataEnd, (int)(chunk.Size - end.DataEnd)).ContainsAnyExcept((byte)0);
            rows.Add(new ChunkSummary(name, info.FirstSequence, end.NextSequence - 1,
                count > 0 ? *(long*)(chunk.Base + ChunkHeaderSize + TsRecvOffset) : 0,
                count > 0 ? *(long*)(chunk.Base + end.LastRecordOffset + TsRecvOffset) : 0,
                count, end.DataEnd - ChunkHeaderSize, false, torn ? "torn-tail" : "active"));
        }
        return rows;
    }
}
