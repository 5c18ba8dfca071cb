using System.Buffers.Binary;
using Market.Core.Journal;
using Signals.Library;

namespace Market.Core.Tests.Journal;

/// <summary>The behaviour every journal implementation must have; run against each of them.</summary>
public abstract class JournalContractTests : IDisposable
{
    protected const long T0 = 1_700_000_000_000_000_000;

    /// <summary>A new, empty journal.</summary>
    protected abstract IJournal CreateJournal();

    /// <summary>The same journal as a fresh instance (as after a restart).</summary>
    protected abstract IJournal Reopen(IJournal journal);

    public virtual void Dispose() => GC.SuppressFinalize(this);

    protected static byte[] Payload(long i, int length = 24)
    {
        var bytes = new byte[length];
        for (var b = 0; b < length; b++) bytes[b] = (byte)(i * 31 + b);
        if (length >= 8) BinaryPrimitives.WriteInt64LittleEndian(bytes, i);
        return bytes;
    }

    protected static void AppendMany(IJournalWriter writer, long from, long count, int payloadLength = 24)
    {
        for (var i = from; i < from + count; i++)
        {
            writer.Append(EventKind.Trade, (uint)(i % 3) + 1, T0 + i * 1000, T0 + i * 1000 + 7, Payload(i, payloadLength));
        }
        writer.Commit();
    }

    protected static List<JournalEntry> ReadAll(IJournalReader reader)
    {
        var list = new List<JournalEntry>();
        while (reader.TryRead(out var r)) list.Add(r.ToEntry());
        return list;
    }

    [Fact]
    public void EmptyJournal_HasNoRecords()
    {
        using var journal = CreateJournal();
        Assert.Equal(1, journal.FirstSequence);
        Assert.Equal(0, journal.LastSequence);
        using var reader = journal.OpenReader();
        Assert.False(reader.TryRead(out _));
        Assert.Equal(1, reader.NextSequence);
    }

    [Fact]
    public void Append_ThenRead_ReturnsEveryFieldInOrderWithGaplessSequences()
    {
        using var journal = CreateJournal();
        using (var writer = journal.OpenWriter())
        {
            Assert.Equal(1, writer.NextSequence);
            AppendMany(writer, 0, 5_000);
            Assert.Equal(5_001, writer.NextSequence);
        }
        using var reader = journal.OpenReader();
        var all = ReadAll(reader);
        Assert.Equal(5_000, all.Count);
        for (var i = 0; i < all.Count; i++)
        {
            var e = all[i];
            Assert.Equal(i + 1, e.Sequence);
            Assert.Equal(EventKind.Trade, e.Kind);
            Assert.Equal((uint)(i % 3) + 1, e.InstrumentId);
            Assert.Equal(T0 + i * 1000, e.TsEvent);
            Assert.Equal(T0 + i * 1000 + 7, e.TsRecv);
            Assert.Equal(Payload(i), e.Payload);
        }
        Assert.Equal(5_000, journal.LastSequence);
    }

    [Fact]
    public void Append_PayloadsOfEveryLengthAroundAlignment_RoundTrip()
    {
        using var journal = CreateJournal();
        using (var writer = journal.OpenWriter())
        {
            for (var length = 0; length <= 70; length++) writer.Append(EventKind.Quote, 1, T0, T0 + length, Payload(length, length), RecordFlags.EndOfBatch);
        }
        using var reader = journal.OpenReader();
        var all = ReadAll(reader);
        Assert.Equal(71, all.Count);
        for (var length = 0; length <= 70; length++)
        {
            Assert.Equal(Payload(length, length), all[length].Payload);
            Assert.Equal(RecordFlags.EndOfBatch, all[length].Flags);
        }
    }

    [Fact]
    public void BeginAppend_EncodesInPlace_AndEndAppendPublishes()
    {
        using var journal = CreateJournal();
        using (var writer = journal.OpenWriter())
        {
            var span = writer.BeginAppend(16);
            BinaryPrimitives.WriteInt64LittleEndian(span, 42);
            BinaryPrimitives.WriteInt64LittleEndian(span[8..], -42);
            Assert.Equal(1, writer.EndAppend(EventKind.BookDelta, 9, T0, T0));
            Assert.Throws<InvalidOperationException>(() => writer.EndAppend(EventKind.BookDelta, 9, T0, T0));
        }
        using var reader = journal.OpenReader();
        Assert.True(reader.TryRead(out var r));
        Assert.Equal(42, BinaryPrimitives.ReadInt64LittleEndian(r.Payload));
        Assert.Equal(-42, BinaryPrimitives.ReadInt64LittleEndian(r.Payload[8..]));
        Assert.Equal(EventKind.BookDelta, r.Kind);
    }

    [Fact]
    public void SecondWriter_IsRefusedWithClearError_UntilFirstCloses()
    {
        using var journal = CreateJournal();
        var first = journal.OpenWriter();
        var error = Assert.Throws<JournalLockedException>(() => journal.OpenWriter());
        Assert.Contains("already has a writer", error.Message, StringComparison.Ordinal);
        first.Dispose();
        using var second = journal.OpenWriter();
        Assert.Equal(1, second.NextSequence);
    }

    [Fact]
    public void Ingest1000_Restart_ResumeWriting_ReadsAllBackInOrder()
    {
        var journal = CreateJournal();
        using (var writer = journal.OpenWriter()) AppendMany(writer, 0, 1_000);
        journal = Reopen(journal);
        using (var writer = journal.OpenWriter())
        {
            Assert.Equal(1_001, writer.NextSequence);
            AppendMany(writer, 1_000, 500);
        }
        journal = Reopen(journal);
        using var reader = journal.OpenReader();
        var all = ReadAll(reader);
        Assert.Equal(1_500, all.Count);
        Assert.Equal(Enumerable.Range(1, 1_500).Select(i => (long)i), all.Select(e => e.Sequence));
        Assert.All(all, e => Assert.Equal(Payload(e.Sequence - 1), e.Payload));
        journal.Dispose();
    }

    [Fact]
    public void SeekToSequence_PositionsExactly_AndClampsOutsideTheRange()
    {
        using var journal = CreateJournal();
        using (var writer = journal.OpenWriter()) AppendMany(writer, 0, 3_000);
        using var reader = journal.OpenReader();
        foreach (var target in new long[] { 1, 2, 255, 256, 257, 1_234, 2_999, 3_000 })
        {
            Assert.True(reader.SeekToSequence(target));
            Assert.True(reader.TryRead(out var r));
            Assert.Equal(target, r.Sequence);
            Assert.Equal(Payload(target - 1), r.Payload.ToArray());
        }
        Assert.False(reader.SeekToSequence(3_001));
        Assert.Equal(3_001, reader.NextSequence);
        Assert.False(reader.TryRead(out _));
        Assert.False(reader.SeekToSequence(0));
        Assert.Equal(1, reader.NextSequence);
    }

    [Fact]
    public void SeekToTime_FindsFirstRecordAtOrAfter()
    {
        using var journal = CreateJournal();
        using (var writer = journal.OpenWriter()) AppendMany(writer, 0, 3_000);
        using var reader = journal.OpenReader();
        // Record i has TsRecv T0 + i*1000 + 7.
        reader.SeekToTime(T0 + 1_500 * 1000 + 7);
        Assert.True(reader.TryRead(out var exact));
        Assert.Equal(1_501, exact.Sequence);
        reader.SeekToTime(T0 + 1_500 * 1000 + 8);
        Assert.True(reader.TryRead(out var after));
        Assert.Equal(1_502, after.Sequence);
        reader.SeekToTime(long.MinValue);
        Assert.Equal(1, reader.NextSequence);
        reader.SeekToTime(T0 + 10_000_000);
        Assert.False(reader.TryRead(out _));
        Assert.Equal(3_001, reader.NextSequence);
    }

    [Fact]
    public void SeekToLast_LeavesExactlyTheLastRecords_FilteredOrNot()
    {
        using var journal = CreateJournal();
        using (var writer = journal.OpenWriter()) AppendMany(writer, 0, 3_000);
        using var reader = journal.OpenReader();
        reader.SeekToLast(7);
        Assert.Equal(Enumerable.Range(2_994, 7).Select(i => (long)i), ReadAll(reader).Select(e => e.Sequence));
        reader.SeekToLast(5, (in JournalRecord r) => r.InstrumentId == 2); // every third record, from the second
        Assert.Equal([2_987L, 2_990L, 2_993L, 2_996L, 2_999L], ReadAll(reader).Where(e => e.InstrumentId == 2).Select(e => e.Sequence));
        reader.SeekToLast(10_000);
        Assert.Equal(1, reader.NextSequence);
        reader.SeekToLast(3, (in JournalRecord r) => r.InstrumentId == 99);
        Assert.False(reader.TryRead(out _));
    }

    [Fact]
    public void SeekToLastDuration_EndsAtTheLastRecord()
    {
        using var journal = CreateJournal();
        using (var writer = journal.OpenWriter()) AppendMany(writer, 0, 3_000); // 1 µs apart
        using var reader = journal.OpenReader();
        reader.SeekToLastDuration(5_000);
        Assert.Equal([2_996L, 2_997L, 2_998L, 2_999L, 3_000L], ReadAll(reader).Select(e => e.Sequence));
        reader.SeekToLastDuration(0);
        Assert.False(reader.TryRead(out _));
    }

    [Fact]
    public void ReceiveClockSteppingBack_IsHeldAtLastValueAndCounted()
    {
        using var journal = CreateJournal();
        using (var writer = journal.OpenWriter())
        {
            writer.Append(EventKind.Trade, 1, T0, T0 + 100, Payload(0));
            writer.Append(EventKind.Trade, 1, T0, T0 + 50, Payload(1));
            writer.Append(EventKind.Trade, 1, T0, T0 + 200, Payload(2));
            Assert.Equal(1, writer.ClockStepBacks);
        }
        using var reader = journal.OpenReader();
        var all = ReadAll(reader);
        Assert.Equal([T0 + 100, T0 + 100, T0 + 200], all.Select(e => e.TsRecv));
    }

    [Fact]
    public void Tail_SeekToEnd_ThenReadsOnlyNewRecords()
    {
        using var journal = CreateJournal();
        using var writer = journal.OpenWriter();
        AppendMany(writer, 0, 100);
        using var reader = journal.OpenReader();
        reader.SeekToEnd();
        Assert.Equal(101, reader.NextSequence);
        Assert.False(reader.TryRead(out _));
        AppendMany(writer, 100, 3);
        var fresh = ReadAll(reader);
        Assert.Equal([101L, 102L, 103L], fresh.Select(e => e.Sequence));
    }

    [Fact]
    public async Task WaitForDataAsync_CompletesWhenAnotherThreadAppends()
    {
        using var journal = CreateJournal();
        using var writer = journal.OpenWriter();
        using var reader = journal.OpenReader();
        var waiting = reader.WaitForDataAsync().AsTask();
        Assert.False(waiting.IsCompleted);
        var appender = Task.Run(() => writer.Append(EventKind.Trade, 1, T0, T0, Payload(1)));
        await waiting.WaitAsync(TimeSpan.FromSeconds(30));
        await appender;
        Assert.True(reader.TryRead(out var r));
        Assert.Equal(1, r.Sequence);
    }

    [Fact]
    public void WaitForData_ReturnsFalseOnTimeout_AndTrueWhenDataIsThere()
    {
        using var journal = CreateJournal();
        using var writer = journal.OpenWriter();
        using var reader = journal.OpenReader();
        Assert.False(reader.WaitForData(TimeSpan.FromMilliseconds(20)));
        writer.Append(EventKind.Trade, 1, T0, T0, Payload(1));
        Assert.True(reader.WaitForData(TimeSpan.Zero));
    }

    [Fact]
    public void Symbols_AreInternedOnce_AndSurviveRestart()
    {
        var journal = CreateJournal();
        using (var writer = journal.OpenWriter())
        {
            Assert.Equal(1u, writer.Intern("BTC-USD"));
            Assert.Equal(2u, writer.Intern("ETH-USD"));
            Assert.Equal(1u, writer.Intern("BTC-USD"));
            Assert.Equal(3u, writer.Intern("KXBTC.D-25NOV21"));
        }
        journal = Reopen(journal);
        Assert.True(journal.Symbols.TryGetId("ETH-USD", out var eth));
        Assert.Equal(2u, eth);
        Assert.Equal("KXBTC.D-25NOV21", journal.Symbols.GetSymbol(3));
        Assert.Null(journal.Symbols.GetSymbol(4));
        using (var writer = journal.OpenWriter()) Assert.Equal(4u, writer.Intern("SOL-USD"));
        Assert.Equal(["BTC-USD", "ETH-USD", "KXBTC.D-25NOV21", "SOL-USD"], journal.Symbols.All().Select(p => p.Value));
        journal.Dispose();
    }

    [Fact]
    public void ApplyRetention_DropsOnlyOldRecords_AndReadersStartAtFirstHeld()
    {
        using var journal = CreateJournal();
        using var writer = journal.OpenWriter();
        AppendMany(writer, 0, 20_000, payloadLength: 200);
        var now = T0 + 20_000L * 1000;
        Assert.Equal(0, writer.ApplyRetention(TimeSpan.FromDays(1), now));
        Assert.Equal(0, writer.ApplyRetention(TimeSpan.MaxValue, now)); // "keep forever" must not wrap around
        var removed = writer.ApplyRetention(TimeSpan.FromTicks(5_000_000 / 100), now); // keep the last 5 ms
        Assert.True(removed > 0);
        var first = journal.FirstSequence;
        Assert.True(first > 1);
        using var reader = journal.OpenReader();
        var all = ReadAll(reader);
        Assert.Equal(first, all[0].Sequence);
        Assert.Equal(20_000, all[^1].Sequence);
        Assert.True(all[0].TsRecv < now - 5_000_000 + 1_000_000, "retention removed records younger than the cutoff");
    }
}

public sealed class InMemoryJournalContractTests : JournalContractTests
{
    protected override IJournal CreateJournal() => new InMemoryJournal("test");

    protected override IJournal Reopen(IJournal journal) => journal;
}

public sealed class MmapJournalContractTests : JournalContractTests
{
    private readonly Support.TempDirectory _temp = new();

    // Small chunks so every test crosses many chunk boundaries.
    internal static readonly JournalOptions SmallChunks = new() { ChunkSize = 64 * 1024, IndexStride = 16, CheckpointInterval = 4096 };

    protected override IJournal CreateJournal() => MmapJournal.Open(_temp.Combine("dev", "test"), SmallChunks, create: true);

    protected override IJournal Reopen(IJournal journal)
    {
        journal.Dispose();
        return MmapJournal.Open(((MmapJournal)journal).Directory, SmallChunks);
    }

    [Fact]
    public void Writer_CountsItsRotations()
    {
        using var journal = (MmapJournal)CreateJournal();
        using var writer = journal.OpenMmapWriter();
        var payload = new byte[1000];
        writer.Append(EventKind.Trade, 1, 1, 1, payload);
        Assert.Equal(0, writer.Rotations);
        // Each 64 KiB chunk holds about 60 of these records.
        for (var i = 2; i <= 200; i++) writer.Append(EventKind.Trade, 1, i, i, payload);
        Assert.Equal(Directory.GetFiles(journal.Directory, "*.chunk").Length - 1, writer.Rotations);
        Assert.True(writer.Rotations >= 3, $"{writer.Rotations} rotations");
    }

    public override void Dispose()
    {
        _temp.Dispose();
        base.Dispose();
    }
}
