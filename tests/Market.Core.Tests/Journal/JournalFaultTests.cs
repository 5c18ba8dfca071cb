using System.Buffers.Binary;
using Market.Core.Journal;
using Market.Core.Journal.Internal;
using Market.Core.Tests.Support;
using Signals.Library;

namespace Market.Core.Tests.Journal;

/// <summary>Damage done to the files on disk, and what the journal makes of it.</summary>
public sealed class JournalFaultTests : IDisposable
{
    private const long T0 = 1_700_000_000_000_000_000;
    private static readonly JournalOptions Options = MmapJournalContractTests.SmallChunks;
    private readonly TempDirectory _temp = new();
    private readonly string _dir;

    public JournalFaultTests() => _dir = _temp.Combine("dev", "faulty");

    public void Dispose() => _temp.Dispose();

    private void Write(long count, long from = 0)
    {
        using var journal = MmapJournal.Open(_dir, Options, create: true);
        using var writer = journal.OpenWriter();
        Assert.Equal(from + 1, writer.NextSequence);
        for (var i = from; i < from + count; i++) writer.Append(EventKind.Trade, 1, T0 + i, T0 + i, Payload(i));
    }

    private static byte[] Payload(long i)
    {
        var bytes = new byte[24];
        BinaryPrimitives.WriteInt64LittleEndian(bytes, i);
        BinaryPrimitives.WriteInt64LittleEndian(bytes.AsSpan(8), ~i);
        return bytes;
    }

    private List<JournalEntry> ReadAll()
    {
        using var journal = MmapJournal.Open(_dir, Options);
        using var reader = journal.OpenReader();
        var all = new List<JournalEntry>();
        while (reader.TryRead(out var r)) all.Add(r.ToEntry());
        return all;
    }

    private string[] Chunks() => [.. Directory.GetFiles(_dir, "*.chunk").Order(StringComparer.Ordinal)];

    private JournalRecovery ReopenWriter(out long nextSequence)
    {
        using var journal = MmapJournal.Open(_dir, Options);
        using var writer = journal.OpenWriter();
        nextSequence = writer.NextSequence;
        return writer.Recovery;
    }

    /// <summary>Offset of the last whole record in the active chunk, found by walking it.</summary>
    private static long LastRecordOffset(byte[] chunk)
    {
        long position = JournalFormat.ChunkHeaderSize, last = -1;
        while (BinaryPrimitives.ReadInt32LittleEndian(chunk.AsSpan((int)position)) is var length and > 0)
        {
            last = position;
            position += JournalFormat.Align(length);
        }
        return last;
    }

    private static void ZeroCheckpoints(byte[] chunk) =>
        chunk.AsSpan(JournalFormat.CheckpointSlot0, 2 * JournalFormat.CheckpointSlotSize).Clear();

    [Fact]
    public void TornRecord_LengthPublishedButPayloadHalfWritten_IsTruncatedAndWritingResumes()
    {
        Write(100);
        var path = Chunks()[^1];
        var bytes = File.ReadAllBytes(path);
        var last = LastRecordOffset(bytes);
        bytes.AsSpan((int)last + JournalFormat.RecordHeaderSize + 12, 12).Fill(0xEE); // half the payload is not what the CRC covers
        ZeroCheckpoints(bytes);
        File.WriteAllBytes(path, bytes);

        var recovery = ReopenWriter(out var next);
        var lost = ReadAll();
        Assert.True(recovery.TornTailBytes > 0);
        Assert.False(recovery.FromCheckpoint);
        Assert.Equal(lost.Count + 1, next);
        Assert.Equal(lost.Count, lost[^1].Sequence);
        Assert.True(JournalVerifier.Verify(_dir, Options).IsConsistent);

        Write(10, from: lost.Count);
        var all = ReadAll();
        Assert.Equal(Enumerable.Range(1, lost.Count + 10).Select(i => (long)i), all.Select(e => e.Sequence));
        Assert.All(all, e => Assert.Equal(Payload(e.Sequence - 1), e.Payload));
    }

    [Fact]
    public void ChunkFileTruncatedMidRecord_IsExtendedAndRecoveredToLastWholeRecord()
    {
        Write(100);
        var path = Chunks()[^1];
        var bytes = File.ReadAllBytes(path);
        var last = LastRecordOffset(bytes);
        using (var file = new FileStream(path, FileMode.Open)) file.SetLength(last + 20); // cut inside the last record
        var recovery = ReopenWriter(out var next);
        Assert.True(recovery.TornTailBytes > 0);
        var all = ReadAll();
        Assert.Equal(next - 1, all.Count);
        Assert.Equal(Options.ChunkSize, new FileInfo(path).Length);
        Assert.True(JournalVerifier.Verify(_dir, Options).IsConsistent);
    }

    [Fact]
    public void GarbageAfterTail_IsClearedAndCounted_AndNoRecordIsLost()
    {
        Write(50);
        var path = Chunks()[^1];
        var bytes = File.ReadAllBytes(path);
        var end = (int)LastRecordOffset(bytes) + JournalFormat.Align(JournalFormat.RecordHeaderSize + 24);
        var garbage = new byte[3000];
        new Random(7).NextBytes(garbage);
        garbage[0] = 0xFF; // a non-zero length field, so it looks like a record
        garbage.CopyTo(bytes, end + 8);
        File.WriteAllBytes(path, bytes);

        var before = JournalVerifier.Verify(_dir, Options);
        Assert.Equal(50, before.Records);
        Assert.True(before.TornTailBytes > 2900);

        var recovery = ReopenWriter(out var next);
        Assert.Equal(51, next);
        Assert.True(recovery.TornTailBytes >= 2990);
        var after = JournalVerifier.Verify(_dir, Options);
        Assert.Equal(0, after.TornTailBytes);
        Assert.True(after.IsConsistent, string.Join('\n', after.Problems));
        Write(5, from: 50);
        Assert.Equal(55, ReadAll().Count);
    }

    [Fact]
    public void FlippedBitInSealedChunk_IsReportedWithLocation_NeverSkipped()
    {
        Write(5_000);
        var sealedChunk = Chunks()[0];
        var bytes = File.ReadAllBytes(sealedChunk);
        var offset = JournalFormat.ChunkHeaderSize + 10 * JournalFormat.Align(JournalFormat.RecordHeaderSize + 24) + JournalFormat.RecordHeaderSize + 3;
        bytes[offset] ^= 0x10;
        File.WriteAllBytes(sealedChunk, bytes);

        var error = Assert.Throws<JournalCorruptException>(() => ReadAll());
        Assert.Equal(sealedChunk, error.Path);
        Assert.Equal(11, error.ExpectedSequence);
        Assert.Equal(JournalFormat.ChunkHeaderSize + 10 * 64, error.Offset);
        Assert.Contains("CRC32C", error.Message, StringComparison.Ordinal);

        var report = JournalVerifier.Verify(_dir, Options);
        Assert.False(report.IsConsistent);
        Assert.Equal(1, report.CrcErrors);
        Assert.Equal(5_000, report.Records + 1);
        Assert.Contains(report.Problems, p => p.Contains($"offset {JournalFormat.ChunkHeaderSize + 640}", StringComparison.Ordinal));
    }

    [Fact]
    public void DeletedAndCorruptIndexes_AreRebuiltOnUse_AndSeeksStayExact()
    {
        Write(5_000);
        var indexes = Directory.GetFiles(_dir, "*.index").Order(StringComparer.Ordinal).ToArray();
        Assert.True(indexes.Length >= 3);
        File.Delete(indexes[0]);
        var corrupt = File.ReadAllBytes(indexes[1]);
        corrupt[^5] ^= 0xFF;
        File.WriteAllBytes(indexes[1], corrupt);

        var before = JournalVerifier.Verify(_dir, Options);
        Assert.Contains(before.Problems, p => p.Contains("index is corrupt", StringComparison.Ordinal));

        using (var journal = MmapJournal.Open(_dir, Options))
        using (var reader = journal.OpenReader())
        {
            foreach (var target in new long[] { 3, 700, 1_500, 4_999 })
            {
                Assert.True(reader.SeekToSequence(target));
                Assert.True(reader.TryRead(out var r));
                Assert.Equal(target, r.Sequence);
                reader.SeekToTime(T0 + target - 1);
                Assert.True(reader.TryRead(out var t));
                Assert.Equal(target, t.Sequence);
            }
        }
        Assert.True(File.Exists(indexes[0]));
        var after = JournalVerifier.Verify(_dir, Options);
        Assert.True(after.IsConsistent, string.Join('\n', after.Problems));
    }

    [Fact]
    public void BothCheckpointsCorrupt_RecoveryScansTheWholeTailChunk()
    {
        Write(300);
        var path = Chunks()[^1];
        var bytes = File.ReadAllBytes(path);
        bytes[JournalFormat.CheckpointSlot0 + 9] ^= 1;
        bytes[JournalFormat.CheckpointSlot0 + JournalFormat.CheckpointSlotSize + 9] ^= 1;
        File.WriteAllBytes(path, bytes);
        var recovery = ReopenWriter(out var next);
        Assert.False(recovery.FromCheckpoint);
        Assert.Equal(301, next);
        Assert.Equal(0, recovery.TornTailBytes);
    }

    [Fact]
    public void PathThatIsNotAJournal_GetsAClearError()
    {
        var plain = _temp.Combine("plain");
        Directory.CreateDirectory(plain);
        File.WriteAllText(Path.Combine(plain, "notes.txt"), "hello");
        var notJournal = Assert.Throws<JournalFormatException>(() => MmapJournal.Open(plain));
        Assert.Contains("is not a Deepwater journal", notJournal.Message, StringComparison.Ordinal);
        var refuse = Assert.Throws<JournalFormatException>(() => MmapJournal.Open(plain, create: true));
        Assert.Contains("is not empty", refuse.Message, StringComparison.Ordinal);
        var missing = Assert.Throws<JournalFormatException>(() => MmapJournal.Open(_temp.Combine("nothing-here")));
        Assert.Contains("no journal at", missing.Message, StringComparison.Ordinal);
        var file = Assert.Throws<JournalFormatException>(() => MmapJournal.Open(Path.Combine(plain, "notes.txt")));
        Assert.Contains("is a file", file.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ChunkWithBadMagic_IsNamedAsNotAJournalChunk()
    {
        Write(10);
        var path = Chunks()[0];
        var bytes = File.ReadAllBytes(path);
        bytes[1] ^= 0xFF;
        File.WriteAllBytes(path, bytes);
        var error = Assert.Throws<JournalFormatException>(() => ReadAll());
        Assert.Contains(path, error.Message, StringComparison.Ordinal);
        Assert.Contains("not a journal chunk", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void NewerFormatVersion_InMetaOrChunk_AsksForAnUpgrade()
    {
        Write(10);
        var meta = Path.Combine(_dir, "journal.meta");
        var original = File.ReadAllText(meta);
        File.WriteAllText(meta, original.Replace("\"format\": 1", "\"format\": 2", StringComparison.Ordinal));
        var metaError = Assert.Throws<JournalFormatException>(() => MmapJournal.Open(_dir, Options));
        Assert.Contains("upgrade deepwater", metaError.Message, StringComparison.Ordinal);
        File.WriteAllText(meta, original);

        var path = Chunks()[0];
        var bytes = File.ReadAllBytes(path);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(JournalFormat.VersionOffset), 2);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(JournalFormat.IdentityCrcOffset), Crc32C.Compute(bytes.AsSpan(0, JournalFormat.IdentityLength)));
        File.WriteAllBytes(path, bytes);
        var chunkError = Assert.Throws<JournalFormatException>(() => ReadAll());
        Assert.Contains("format version 2", chunkError.Message, StringComparison.Ordinal);
        Assert.Contains("upgrade deepwater", chunkError.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void LeftoverTemporaryChunk_FromAnInterruptedRotation_IsRemoved()
    {
        Write(10);
        var leftover = Path.Combine(_dir, JournalFormat.ChunkFileName(11) + ".tmp");
        File.WriteAllBytes(leftover, new byte[100]);
        ReopenWriter(out var next);
        Assert.Equal(11, next);
        Assert.False(File.Exists(leftover));
    }

    [Fact]
    public void LastChunkSealedWithoutSuccessor_WritingContinuesInANewChunk()
    {
        Write(5_000);
        var last = Chunks()[^1];
        var lastFirst = long.Parse(Path.GetFileNameWithoutExtension(last), System.Globalization.CultureInfo.InvariantCulture);
        File.Delete(last); // as if the crash came right after sealing the previous chunk
        File.Delete(Path.ChangeExtension(last, ".index"));
        ReopenWriter(out var next);
        Assert.Equal(lastFirst, next);
        Assert.True(JournalVerifier.Verify(_dir, Options).IsConsistent);
    }

    [Fact]
    public void ChunkFilledToItsLastByte_ReaderStopsAtTheEnd_ThenCrossesIntoTheNextChunk()
    {
        // 64-byte records fill the 60 KiB record area of a 64 KiB chunk exactly.
        var perChunk = (Options.ChunkSize - JournalFormat.ChunkHeaderSize) / 64;
        using var journal = MmapJournal.Open(_dir, Options, create: true);
        using var writer = journal.OpenWriter();
        for (var i = 0; i < perChunk; i++) writer.Append(EventKind.Trade, 1, T0 + i, T0 + i, Payload(i));
        using var reader = journal.OpenReader();
        for (var i = 0; i < perChunk; i++) Assert.True(reader.TryRead(out _));
        Assert.False(reader.TryRead(out _));
        Assert.Single(Chunks());
        writer.Append(EventKind.Trade, 1, T0 + perChunk, T0 + perChunk, Payload(perChunk));
        Assert.True(reader.TryRead(out var next));
        Assert.Equal(perChunk + 1, next.Sequence);
        Assert.Equal(2, Chunks().Length);
    }

    [Fact]
    public void DiskFullWhileAppending_FailsClearly_KeepsEveryAppendedRecord_AndResumesWhenSpaceReturns()
    {
        using var disk = SmallDisk.Mount(_temp.Combine("small-disk"), sizeKiB: 512);
        var dir = Path.Combine(disk.Path, "dev", "full");
        using var journal = MmapJournal.Open(dir, Options, create: true);
        using var writer = journal.OpenWriter();
        var filler = Path.Combine(disk.Path, "filler");
        File.WriteAllBytes(filler, new byte[300 * 1024]);

        long appended = 0;
        var error = Assert.Throws<JournalFullException>(() =>
        {
            for (; appended < 1_000_000; appended++) writer.Append(EventKind.Trade, 1, T0 + appended, T0 + appended, Payload(appended));
        });
        Assert.Contains("no space left", error.Message, StringComparison.Ordinal);
        Assert.Equal(appended + 1, writer.NextSequence); // the failed append took no sequence

        var report = JournalVerifier.Verify(dir, Options);
        Assert.True(report.IsConsistent, string.Join('\n', report.Problems));
        Assert.Equal(appended, report.Records);

        File.Delete(filler);
        writer.Append(EventKind.Trade, 1, T0 + appended, T0 + appended, Payload(appended));
        using var reader = journal.OpenReader();
        var count = 0L;
        while (reader.TryRead(out var r))
        {
            Assert.Equal(Payload(r.Sequence - 1), r.Payload.ToArray());
            count++;
        }
        Assert.Equal(appended + 1, count);
        // No chunk file the full disk refused is left behind. Checked once the writer is closed: its
        // janitor thread prepares chunks under temporary names concurrently, at idle priority.
        writer.Dispose();
        Assert.Empty(Directory.GetFiles(dir, "*.tmp"));
    }

    [Fact]
    public void TornSymbolTableEntry_IsDroppedOnReopen_AndEarlierSymbolsKeepTheirIds()
    {
        using (var journal = MmapJournal.Open(_dir, Options, create: true))
        using (var writer = journal.OpenWriter())
        {
            Assert.Equal(1u, writer.Intern("BTC-USD"));
            Assert.Equal(2u, writer.Intern("ETH-USD"));
        }
        var path = Path.Combine(_dir, "symbols.log");
        var whole = new FileInfo(path).Length;
        File.AppendAllText(path, "\u0019\0\0\0torn"); // half an entry, as a crash mid-write would leave
        using (var journal = MmapJournal.Open(_dir, Options))
        {
            Assert.Equal("ETH-USD", journal.Symbols.GetSymbol(2));
            Assert.Null(journal.Symbols.GetSymbol(3));
            using var writer = journal.OpenWriter();
            Assert.Equal(whole, new FileInfo(path).Length);
            Assert.Equal(3u, writer.Intern("SOL-USD"));
        }
        using var again = MmapJournal.Open(_dir, Options);
        Assert.Equal(["BTC-USD", "ETH-USD", "SOL-USD"], again.Symbols.All().Select(p => p.Value));
    }

    [Fact]
    public void RetentionSetting_RemovesOldSealedChunksAsTheWriterRotates()
    {
        // Records are stamped T0 + i ns; "now" is an hour later, retention half an hour.
        var clock = new ManualTimeProvider(DateTimeOffset.FromUnixTimeMilliseconds(T0 / 1_000_000).AddHours(1));
        var options = Options with { Retention = TimeSpan.FromMinutes(30) };
        using var journal = MmapJournal.Open(_dir, options, create: true, time: clock);
        using var writer = journal.OpenWriter();
        for (var i = 0; i < 5_000; i++) writer.Append(EventKind.Trade, 1, T0 + i, T0 + i, Payload(i));
        // Every sealed chunk was older than the cutoff when the next rotation came; only the newest few remain.
        var chunks = Chunks();
        Assert.True(chunks.Length <= 2, $"{chunks.Length} chunks left");
        Assert.True(journal.FirstSequence > 1);
        using var reader = journal.OpenReader();
        Assert.True(reader.TryRead(out var first));
        Assert.Equal(journal.FirstSequence, first.Sequence);
        Assert.Equal(Payload(first.Sequence - 1), first.Payload.ToArray());
    }

    [Fact]
    public void RetentionSetting_KeepsChunksYoungerThanTheCutoff()
    {
        var clock = new ManualTimeProvider(DateTimeOffset.FromUnixTimeMilliseconds(T0 / 1_000_000));
        using var journal = MmapJournal.Open(_dir, Options with { Retention = TimeSpan.FromDays(1) }, create: true, time: clock);
        using var writer = journal.OpenWriter();
        for (var i = 0; i < 5_000; i++) writer.Append(EventKind.Trade, 1, T0 + i, T0 + i, Payload(i));
        Assert.Equal(1, journal.FirstSequence);
    }
}
