using System.Globalization;
using Market.Core.Journal.Internal;
using static Market.Core.Journal.Internal.JournalFormat;

namespace Market.Core.Journal;

/// <summary>What a full walk of a journal found.</summary>
public sealed record VerifyReport(
    long Records, long FirstSequence, long LastSequence, long SequenceGaps, long CrcErrors, long TornTailBytes, IReadOnlyList<string> Problems)
{
    /// <summary>True when every record checks out, sequences are contiguous, and seals and indexes agree with the records.</summary>
    public bool IsConsistent => SequenceGaps == 0 && CrcErrors == 0 && Problems.Count == 0;

    /// <summary>The one-line summary <c>records=N first_seq=A last_seq=B seq_gaps=G crc_errors=E torn_tail_bytes=T</c>.</summary>
    public string Summary => string.Create(CultureInfo.InvariantCulture,
        $"records={Records} first_seq={FirstSequence} last_seq={LastSequence} seq_gaps={SequenceGaps} crc_errors={CrcErrors} torn_tail_bytes={TornTailBytes}");
}

/// <summary>
/// Walks every record of a journal: checksum, sequence continuity, receive-time order, and
/// agreement of each sealed chunk's seal and index with its records. Read-only; safe beside a
/// live writer (the unsealed tail is checked up to what is published).
/// </summary>
public static unsafe class JournalVerifier
{
    private const int MaxProblems = 100;

    /// <summary>Verifies the journal in <paramref name="directory"/>.</summary>
    public static VerifyReport Verify(string directory, JournalOptions? options = null)
    {
        using var journal = MmapJournal.Open(directory, options);
        var walk = new Walk();
        var chunks = journal.Catalog.Refresh();
        for (var i = 0; i < chunks.Length; i++)
        {
            using var chunk = MappedChunk.Open(chunks[i].Path, writable: false);
            walk.Chunk(chunk, chunks[i], isLast: i == chunks.Length - 1);
        }
        return new VerifyReport(walk.Records, walk.First, walk.Last, walk.Gaps, walk.CrcErrors, walk.TornBytes, walk.Problems);
    }

    private sealed class Walk
    {
        public long Records, First, Last, Gaps, CrcErrors, TornBytes;
        public List<string> Problems { get; } = [];
        private long _expected = -1;
        private long _lastTsRecv = long.MinValue;

        public void Chunk(MappedChunk chunk, ChunkInfo info, bool isLast)
        {
            var seal = chunk.TryReadSeal(out var s) ? s : null;
            if (chunk.IsSealed && seal is null) Problem($"{chunk.Path}: seal checksum mismatch");
            if (_expected >= 0 && info.FirstSequence != _expected)
            {
                Gaps++;
                Problem($"{chunk.Path}: starts at sequence {info.FirstSequence}, expected {_expected}");
            }
            if (seal is null && !isLast) Problem($"{chunk.Path}: not sealed but not the last chunk");

            long position = ChunkHeaderSize, sequence = info.FirstSequence, count = 0, minTs = 0, maxTs = 0;
            var limit = seal?.DataEnd ?? chunk.Size;
            while (position < limit)
            {
                var status = RecordCheck.At(chunk.Base, chunk.Size, position, sequence, verifyChecksum: true, out var length);
                if (status == RecordStatus.BadSequence && RecordCheck.At(chunk.Base, chunk.Size, position, *(long*)(chunk.Base + position + SequenceOffset), true, out _) == RecordStatus.Ok)
                {
                    var found = *(long*)(chunk.Base + position + SequenceOffset);
                    Gaps++;
                    Problem($"{chunk.Path} offset {position}: sequence {found}, expected {sequence}");
                    sequence = found;
                    status = RecordStatus.Ok;
                }
                if (status is RecordStatus.Ok or RecordStatus.BadChecksum)
                {
                    if (First == 0) First = sequence;
                    Last = sequence;
                }
                if (status != RecordStatus.Ok)
                {
                    if (seal is null)
                    {
                        // The unsealed tail ends at the first record that is not whole; anything after is a torn write.
                        var rest = chunk.Slice(position, (int)(chunk.Size - position));
                        TornBytes += rest.LastIndexOfAnyExcept((byte)0) + 1;
                        break;
                    }
                    if (status == RecordStatus.BadChecksum) CrcErrors++;
                    Problem($"{chunk.Path} offset {position} (sequence {sequence}): {RecordCheck.Describe(status, length)}");
                    if (status is RecordStatus.Empty or RecordStatus.BadLength) break; // cannot find the next record
                }
                else
                {
                    var ts = *(long*)(chunk.Base + position + TsRecvOffset);
                    if (ts < _lastTsRecv) Problem($"{chunk.Path} offset {position} (sequence {sequence}): receive time goes backwards");
                    _lastTsRecv = ts;
                    if (count == 0) minTs = ts;
                    maxTs = ts;
                    Records++;
                }
                count++;
                position += Align(length);
                sequence++;
            }
            _expected = sequence;
            if (seal is { } chunkSeal) CheckSeal(chunk, info, chunkSeal, position, sequence, count, minTs, maxTs);
        }

        private void CheckSeal(MappedChunk chunk, ChunkInfo info, ChunkSeal seal, long position, long next, long count, long minTs, long maxTs)
        {
            if (seal.DataEnd != position || seal.LastSequence != next - 1 || seal.RecordCount != count || seal.MinTsRecv != minTs || seal.MaxTsRecv != maxTs)
            {
                Problem($"{chunk.Path}: seal (last {seal.LastSequence}, count {seal.RecordCount}, end {seal.DataEnd}) disagrees with its records (last {next - 1}, count {count}, end {position})");
            }
            if (!File.Exists(info.IndexPath)) return; // derived data: rebuilt on first use
            if (!SparseIndex.TryLoad(info.IndexPath, info.FirstSequence, out var index))
            {
                Problem($"{info.IndexPath}: index is corrupt (it is rebuilt on next use)");
            }
            else if (!index.AgreesWith(chunk, seal.DataEnd))
            {
                Problem($"{info.IndexPath}: index disagrees with the chunk's records");
            }
        }

        private void Problem(string text)
        {
            if (Problems.Count < MaxProblems) Problems.Add(text);
        }
    }
}
