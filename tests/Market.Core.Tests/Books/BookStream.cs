using Market.Core.Books;
using Market.Core.Journal;
using Signals.Library;
using Signals.Library.Book;

namespace Market.Core.Tests.Books;

/// <summary>Writes a seeded random book stream for a few instruments, with periodic snapshots from a <see cref="BookCheckpointer"/>.</summary>
internal static class BookStream
{
    public const long T0 = 1_700_000_000_000_000_000;

    /// <summary>Appends <paramref name="records"/> deltas (plus checkpoints, the odd trade and resync snapshot); returns the instrument ids.</summary>
    public static uint[] Write(IJournal journal, int seed, int records, BookCheckpointOptions options, int instruments = 3)
    {
        var random = new Random(seed);
        using var writer = journal.OpenWriter();
        var ids = Enumerable.Range(0, instruments).Select(i => writer.Intern($"SYM{i}")).ToArray();
        var books = ids.Select(_ => new OrderBook()).ToArray();
        var checkpointer = new BookCheckpointer(writer, options);
        var ts = T0;
        for (var i = 0; i < records; i++)
        {
            // Gaps of 0 to 3 ms: equal receive times happen, and so do records of different instruments at one instant.
            ts += random.Next(4) * 1_000_000L;
            var k = random.Next(instruments);
            var roll = random.Next(1000);
            if (roll == 0)
            {
                writer.Append(EventKind.Trade, ids[k], ts, ts, new byte[12]);
                continue;
            }
            if (roll == 1)
            {
                // A resync: the venue restates the book, so it becomes a checkpoint too.
                books[k].Apply(books[k].Snapshot(ts, ts, ids[k]) with { VenueSequence = (ulong)i });
                writer.Append(books[k].Snapshot(ts, ts, ids[k]), RecordFlags.Resync);
                continue;
            }
            var side = random.Next(2) == 0 ? BookSide.Bid : BookSide.Ask;
            var offset = random.Next(10) < 8 ? random.Next(15) : random.Next(100);
            var price = (side == BookSide.Bid ? 1_000 - offset : 1_001 + offset) * 10_000_000L;
            var delete = random.Next(5) == 0;
            var delta = new BookDelta(ids[k], ts - 500, ts, side, delete ? BookAction.Delete : BookAction.Set, price, delete ? 0 : random.Next(1, 500) * 1_000_000L, (ulong)i + 1);
            writer.Append(delta);
            books[k].Apply(delta);
            checkpointer.OnDelta(delta, books[k]);
        }
        writer.Commit();
        return ids;
    }

    /// <summary>The reference: every delta and snapshot of the instrument with TsRecv at or before <paramref name="at"/>, applied from the start.</summary>
    public static OrderBook FullReplay(IReadOnlyList<JournalEntry> entries, uint instrument, long at)
    {
        var book = new OrderBook();
        foreach (var e in entries)
        {
            if (e.TsRecv > at) break;
            if (e.InstrumentId != instrument) continue;
            var header = new EventHeader(e.InstrumentId, e.TsEvent, e.TsRecv);
            if (e.Kind == EventKind.BookDelta && BookDelta.TryReadPayload(e.Payload, header, out var d)) book.Apply(d);
            if (e.Kind == EventKind.BookSnapshot && BookSnapshot.TryReadPayload(e.Payload, header, out var s)) book.Apply(s);
        }
        return book;
    }

    public static List<JournalEntry> ReadAll(IJournal journal)
    {
        using var reader = journal.OpenReader();
        var list = new List<JournalEntry>();
        while (reader.TryRead(out var r)) list.Add(r.ToEntry());
        return list;
    }

    public static void AssertSameBook(OrderBook expected, OrderBook actual, string because)
    {
        var a = new BookLevel[expected.BidCount + expected.AskCount + actual.BidCount + actual.AskCount];
        var b = new BookLevel[a.Length];
        Assert.True(expected.GetBids(a) == actual.GetBids(b) && a.AsSpan(0, expected.BidCount).SequenceEqual(b.AsSpan(0, expected.BidCount)), $"bids differ {because}");
        Assert.True(expected.GetAsks(a) == actual.GetAsks(b) && a.AsSpan(0, expected.AskCount).SequenceEqual(b.AsSpan(0, expected.AskCount)), $"asks differ {because}");
        Assert.Equal((expected.VenueSequence, expected.LastUpdate), (actual.VenueSequence, actual.LastUpdate));
    }
}
