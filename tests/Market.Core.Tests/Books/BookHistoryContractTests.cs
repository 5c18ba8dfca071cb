using Market.Core.Books;
using Market.Core.Journal;
using Market.Core.Tests.Journal;
using Signals.Library;

namespace Market.Core.Tests.Books;

/// <summary>BookAt against a full replay, on every journal implementation.</summary>
public abstract class BookHistoryContractTests : IDisposable
{
    private static readonly BookCheckpointOptions Every2sOr400 = new(EveryDeltas: 400, EveryNanos: 2_000_000_000);

    protected abstract IJournal CreateJournal();

    public virtual void Dispose() => GC.SuppressFinalize(this);

    [Fact]
    public void BookAt_RandomAndEdgeInstants_EqualsFullReplay()
    {
        using var journal = CreateJournal();
        var ids = BookStream.Write(journal, seed: 7, records: 30_000, Every2sOr400);
        var entries = BookStream.ReadAll(journal);
        var snapshots = entries.Where(e => e.Kind == EventKind.BookSnapshot).ToList();
        Assert.True(snapshots.Count > 20, $"only {snapshots.Count} snapshots");
        var firstTs = entries[0].TsRecv;
        var lastTs = entries[^1].TsRecv;
        var firstSnapshotTs = snapshots.Min(s => s.TsRecv);

        var random = new Random(3);
        var instants = new List<long> { firstTs - 1, firstTs, firstSnapshotTs - 1, firstSnapshotTs, lastTs, lastTs + 1_000_000_000, long.MaxValue };
        instants.AddRange(snapshots.OrderBy(_ => random.Next()).Take(10).Select(s => s.TsRecv));
        instants.AddRange(Enumerable.Range(0, 100).Select(_ => firstTs - 1_000_000 + (long)(random.NextDouble() * (lastTs - firstTs + 2_000_000))));

        foreach (var at in instants)
        {
            var id = ids[random.Next(ids.Length)];
            var book = BookHistory.BookAt(journal, id, at, out var info);
            BookStream.AssertSameBook(BookStream.FullReplay(entries, id, at), book, $"for instrument {id} at {at}");

            var expectedSnapshot = entries.LastOrDefault(e => e.Kind == EventKind.BookSnapshot && e.InstrumentId == id && e.TsRecv <= at)?.Sequence ?? 0;
            Assert.Equal(expectedSnapshot, info.SnapshotSequence);
            var expectedDeltas = entries.Count(e => e.Kind == EventKind.BookDelta && e.InstrumentId == id && e.TsRecv <= at && e.Sequence > expectedSnapshot);
            Assert.Equal(expectedDeltas, info.DeltasApplied);
            Assert.Equal(0, info.Undecodable);
        }
    }

    [Fact]
    public void BookAt_LateInstant_ScansOnlyTheTail()
    {
        using var journal = CreateJournal();
        var ids = BookStream.Write(journal, seed: 11, records: 30_000, Every2sOr400);
        BookHistory.BookAt(journal, ids[0], long.MaxValue, out var info);
        Assert.NotEqual(0, info.SnapshotSequence);
        Assert.True(info.RecordsScanned < journal.LastSequence / 4, $"scanned {info.RecordsScanned} of {journal.LastSequence}");
    }

    [Fact]
    public void BookAt_NoSnapshots_ReplaysFromTheStart()
    {
        using var journal = CreateJournal();
        var ids = BookStream.Write(journal, seed: 5, records: 3_000, new BookCheckpointOptions(EveryDeltas: 1_000_000, EveryNanos: 0), instruments: 2);
        var entries = BookStream.ReadAll(journal).Where(e => e.Kind != EventKind.BookSnapshot).ToList();
        // Resync snapshots (about 1 in 1000 records) may still exist; look before the first one.
        var firstSnapshot = BookStream.ReadAll(journal).FirstOrDefault(e => e.Kind == EventKind.BookSnapshot)?.TsRecv ?? long.MaxValue;
        var at = Math.Min(firstSnapshot - 1, entries[^1].TsRecv);
        var book = BookHistory.BookAt(journal, ids[1], at, out var info);
        BookStream.AssertSameBook(BookStream.FullReplay(entries, ids[1], at), book, "without snapshots");
        Assert.Equal(0, info.SnapshotSequence);
        Assert.True(info.DeltasApplied > 0);
    }

    [Fact]
    public void BookAt_EmptyJournalOrUnknownInstrument_GivesAnEmptyBook()
    {
        using var journal = CreateJournal();
        var empty = BookHistory.BookAt(journal, 1, long.MaxValue, out var info);
        Assert.Equal((0, 0), (empty.BidCount, empty.AskCount));
        Assert.Equal(default, info);
        BookStream.Write(journal, seed: 1, records: 500, Every2sOr400);
        var unknown = BookHistory.BookAt(journal, 99, long.MaxValue, out info);
        Assert.Equal((0, 0, 0L), (unknown.BidCount, unknown.AskCount, info.DeltasApplied));
    }

    [Fact]
    public void Checkpointer_WritesSnapshotsEveryNDeltasOrTWithoutResyncFlag()
    {
        using var journal = CreateJournal();
        using (var writer = journal.OpenWriter())
        {
            var checkpointer = new BookCheckpointer(writer, new BookCheckpointOptions(EveryDeltas: 3, EveryNanos: 1_000));
            var book = new Signals.Library.Book.OrderBook();
            long[] times = [0, 1, 2, 3, 4, 5, 2_000];
            for (var i = 0; i < times.Length; i++)
            {
                var d = new BookDelta(1, times[i], times[i], BookSide.Bid, BookAction.Set, (i + 1) * 10, 5, (ulong)i + 1);
                writer.Append(d);
                book.Apply(d);
                checkpointer.OnDelta(d, book);
            }
            Assert.Equal(3, checkpointer.Written);
        }
        var entries = BookStream.ReadAll(journal);
        // Three deltas, then a snapshot; three more, a snapshot; one more after 1000 ns of receive time, a snapshot.
        Assert.Equal([EventKind.BookDelta, EventKind.BookDelta, EventKind.BookDelta, EventKind.BookSnapshot,
            EventKind.BookDelta, EventKind.BookDelta, EventKind.BookDelta, EventKind.BookSnapshot,
            EventKind.BookDelta, EventKind.BookSnapshot], entries.Select(e => e.Kind));
        Assert.All(entries, e => Assert.Equal(RecordFlags.None, e.Flags));
        Assert.True(BookSnapshot.TryReadPayload(entries[^1].Payload, default, out var last));
        Assert.Equal(7, last.Bids.Length);
        Assert.Equal(7UL, last.VenueSequence);
        Assert.Equal(2_000, entries[^1].TsRecv);
    }

    [Fact]
    public void CheckpointOptions_BothOff_AreRejected() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new BookCheckpointOptions(0, 0).Validate());
}

public sealed class InMemoryBookHistoryTests : BookHistoryContractTests
{
    protected override IJournal CreateJournal() => new InMemoryJournal("book");
}

public sealed class MmapBookHistoryTests : BookHistoryContractTests
{
    private readonly Support.TempDirectory _temp = new();

    protected override IJournal CreateJournal() => MmapJournal.Open(_temp.Combine("dev", "book"), MmapJournalContractTests.SmallChunks, create: true);

    public override void Dispose()
    {
        _temp.Dispose();
        base.Dispose();
    }
}
