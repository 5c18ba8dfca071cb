using Signals.Library.Book;

namespace Signals.Library.Tests.Book;

public sealed class OrderBookTests
{
    private const long S = FixedPoint.Scale;

    private static BookDelta Set(BookSide side, long price, long size, ulong seq = 1) => new(1, (long)seq, (long)seq * 10, side, BookAction.Set, price * S, size * S, seq);

    private static BookDelta Del(BookSide side, long price, ulong seq = 1) => new(1, (long)seq, (long)seq * 10, side, BookAction.Delete, price * S, 0, seq);

    private static (long Price, long Size)[] Levels(OrderBook book, BookSide side)
    {
        var buffer = new BookLevel[Math.Max(book.BidCount, book.AskCount)];
        var n = side == BookSide.Bid ? book.GetBids(buffer) : book.GetAsks(buffer);
        return [.. buffer[..n].Select(l => (l.Price / S, l.Size / S))];
    }

    public static TheoryData<string, BookDelta[], (long, long)[], (long, long)[]> Updates => new()
    {
        { "bids sort descending", [Set(BookSide.Bid, 100, 1), Set(BookSide.Bid, 102, 2), Set(BookSide.Bid, 101, 3)], [(102, 2), (101, 3), (100, 1)], [] },
        { "asks sort ascending", [Set(BookSide.Ask, 105, 1), Set(BookSide.Ask, 103, 2), Set(BookSide.Ask, 104, 3)], [], [(103, 2), (104, 3), (105, 1)] },
        { "set replaces the size", [Set(BookSide.Bid, 100, 1), Set(BookSide.Bid, 100, 7)], [(100, 7)], [] },
        { "delete removes", [Set(BookSide.Ask, 100, 1), Set(BookSide.Ask, 101, 1), Del(BookSide.Ask, 100)], [], [(101, 1)] },
        { "delete of a missing level is a no-op", [Set(BookSide.Bid, 100, 1), Del(BookSide.Bid, 99), Del(BookSide.Ask, 100)], [(100, 1)], [] },
        { "set with size 0 deletes", [Set(BookSide.Bid, 100, 1), Set(BookSide.Bid, 101, 1), Set(BookSide.Bid, 101, 0)], [(100, 1)], [] },
        { "set 0 of a missing level adds nothing", [Set(BookSide.Ask, 100, 0)], [], [] },
        { "sides are independent at one price", [Set(BookSide.Bid, 100, 1), Set(BookSide.Ask, 100, 2), Del(BookSide.Bid, 100)], [], [(100, 2)] },
    };

    [Theory]
    [MemberData(nameof(Updates))]
    public void Apply_Deltas_LeaveSortedLevels(string scenario, BookDelta[] deltas, (long, long)[] bids, (long, long)[] asks)
    {
        var book = new OrderBook();
        foreach (var d in deltas) Assert.True(book.Apply(d), scenario);
        Assert.Equal(bids, Levels(book, BookSide.Bid));
        Assert.Equal(asks, Levels(book, BookSide.Ask));
        Assert.Equal(bids.Length, book.BidCount);
        Assert.Equal(asks.Length, book.AskCount);
    }

    [Fact]
    public void Apply_InvalidDelta_ReturnsFalseAndChangesNothing()
    {
        var book = new OrderBook();
        book.Apply(Set(BookSide.Bid, 100, 1, seq: 4));
        Assert.False(book.Apply(new BookDelta(1, 0, 99, (BookSide)9, BookAction.Set, S, S, 9)));
        Assert.False(book.Apply(new BookDelta(1, 0, 99, BookSide.Bid, (BookAction)9, S, S, 9)));
        Assert.False(book.Apply(new BookDelta(1, 0, 99, BookSide.Bid, BookAction.Set, 100 * S, -1, 9)));
        Assert.Equal([(100L, 1L)], Levels(book, BookSide.Bid));
        Assert.Equal(4UL, book.VenueSequence);
        Assert.Equal(40, book.LastUpdate);
    }

    [Fact]
    public void Apply_DeleteOfMissingLevel_StillRecordsSequenceAndTime()
    {
        var book = new OrderBook();
        Assert.True(book.Apply(Del(BookSide.Ask, 5, seq: 7)));
        Assert.Equal(7UL, book.VenueSequence);
        Assert.Equal(70, book.LastUpdate);
    }

    [Fact]
    public void SpreadMidImbalance_TwoSidedBook_ExactValues()
    {
        var book = new OrderBook();
        book.Apply(Set(BookSide.Bid, 100, 3));
        book.Apply(Set(BookSide.Bid, 99, 1));
        book.Apply(Set(BookSide.Ask, 101, 1));
        book.Apply(Set(BookSide.Ask, 103, 5));
        Assert.Equal(new BookLevel(100 * S, 3 * S), book.BestBid);
        Assert.Equal(new BookLevel(101 * S, S), book.BestAsk);
        Assert.Equal(S, book.Spread);
        Assert.Equal(100 * S + S / 2, book.Mid);
        Assert.Equal(0.5, book.Imbalance(1)); // (3 - 1) / 4
        Assert.Equal(-0.2, book.Imbalance(2), 15); // (4 - 6) / 10
        Assert.Equal(-0.2, book.Imbalance(50), 15);
        Assert.Equal(4 * S, book.DepthVolume(BookSide.Bid, 2));
        Assert.Equal(S, book.DepthVolume(BookSide.Ask, 1));
        Assert.Equal(0, book.DepthVolume(BookSide.Ask, 0));
        Assert.False(book.IsCrossed);
    }

    [Theory]
    [InlineData(1L, 4L)]
    [InlineData(-3L, -4L)]
    [InlineData(-1L, -1L)]
    [InlineData(-5L, 2L)]
    [InlineData(long.MinValue, long.MaxValue)]
    [InlineData(long.MinValue, long.MinValue + 1)]
    [InlineData(long.MaxValue, long.MaxValue)]
    public void Midpoint_AnyTwoLongs_EqualsTheWideFloor(long a, long b)
    {
        Assert.Equal((long)(((Int128)a + b) >> 1), OrderBook.Midpoint(a, b));
        Assert.Equal((long)(((Int128)a + b) >> 1), OrderBook.Midpoint(b, a));
    }

    [Fact]
    public void Midpoint_RandomLongs_EqualsTheWideFloor()
    {
        var random = new Random(11);
        for (var i = 0; i < 100_000; i++)
        {
            var a = random.NextInt64(long.MinValue, long.MaxValue);
            var b = random.NextInt64(long.MinValue, long.MaxValue);
            Assert.Equal((long)(((Int128)a + b) >> 1), OrderBook.Midpoint(a, b));
        }
    }

    [Fact]
    public void VolumeAndImbalance_SizesSummingPastALong_ExactThroughTheWideSum()
    {
        var book = new OrderBook();
        book.Apply(new BookDelta(1, 0, 0, BookSide.Bid, BookAction.Set, 100, long.MaxValue - 1, 0));
        book.Apply(new BookDelta(1, 0, 0, BookSide.Bid, BookAction.Set, 99, 5, 0));
        book.Apply(new BookDelta(1, 0, 0, BookSide.Ask, BookAction.Set, 101, 1, 0));

        Assert.Equal(long.MaxValue - 1, book.DepthVolume(BookSide.Bid, 1));
        Assert.Throws<OverflowException>(() => book.DepthVolume(BookSide.Bid, 2));
        // (bid − ask) / (bid + ask) with bid = 2^63 + 3 and ask = 1, computed wide.
        var bid = (Int128)long.MaxValue + 4;
        Assert.Equal((double)(bid - 1) / (double)(bid + 1), book.Imbalance(2));
    }

    [Fact]
    public void Mid_OddSumAndHugePrices_IsExactFloorWithoutOverflow()
    {
        var book = new OrderBook();
        book.Apply(new BookDelta(1, 0, 0, BookSide.Bid, BookAction.Set, 1, S, 0));
        book.Apply(new BookDelta(1, 0, 0, BookSide.Ask, BookAction.Set, 4, S, 0));
        Assert.Equal(2, book.Mid);
        Assert.Equal(3, book.Spread);
        book.Clear();
        book.Apply(new BookDelta(1, 0, 0, BookSide.Bid, BookAction.Set, long.MaxValue - 2, S, 0));
        book.Apply(new BookDelta(1, 0, 0, BookSide.Ask, BookAction.Set, long.MaxValue, S, 0));
        Assert.Equal(long.MaxValue - 1, book.Mid);
    }

    [Fact]
    public void Reads_EmptyOrOneSidedBook_AreNullOrZero()
    {
        var book = new OrderBook();
        Assert.Null(book.BestBid);
        Assert.Null(book.BestAsk);
        Assert.Null(book.Spread);
        Assert.Null(book.Mid);
        Assert.Equal(0, book.Imbalance(5));
        Assert.False(book.IsCrossed);
        book.Apply(Set(BookSide.Bid, 10, 2));
        Assert.Null(book.Spread);
        Assert.Null(book.Mid);
        Assert.Equal(1, book.Imbalance(5));
    }

    [Fact]
    public void IsCrossed_BidAboveAsk_TrueButLockedIsNot()
    {
        var book = new OrderBook();
        book.Apply(Set(BookSide.Bid, 100, 1));
        book.Apply(Set(BookSide.Ask, 100, 1));
        Assert.False(book.IsCrossed);
        Assert.Equal(0, book.Spread);
        book.Apply(Set(BookSide.Bid, 101, 1));
        Assert.True(book.IsCrossed);
        Assert.Equal(-S, book.Spread);
    }

    [Fact]
    public void ApplySnapshot_ReplacesTheWholeBook()
    {
        var book = new OrderBook();
        book.Apply(Set(BookSide.Bid, 50, 1));
        book.Apply(Set(BookSide.Ask, 60, 1));
        BookLevel[] levels = [new(100 * S, S), new(99 * S, 2 * S), new(101 * S, 3 * S)];
        book.Apply(new BookSnapshot(1, 5, 77, 42, levels.AsMemory(0, 2), levels.AsMemory(2)));
        Assert.Equal([(100L, 1L), (99L, 2L)], Levels(book, BookSide.Bid));
        Assert.Equal([(101L, 3L)], Levels(book, BookSide.Ask));
        Assert.Equal(42UL, book.VenueSequence);
        Assert.Equal(77, book.LastUpdate);
    }

    [Fact]
    public void ApplySnapshot_UnsortedDuplicatedOrEmptyLevels_AreNormalised()
    {
        var book = new OrderBook();
        BookLevel[] bids = [new(99 * S, S), new(101 * S, S), new(100 * S, 0), new(99 * S, 4 * S)];
        book.Apply(new BookSnapshot(1, 0, 0, 0, bids, ReadOnlyMemory<BookLevel>.Empty));
        Assert.Equal([(101L, 1L), (99L, 4L)], Levels(book, BookSide.Bid));
        Assert.Equal(0, book.AskCount);
    }

    [Fact]
    public void Snapshot_RoundTripsThroughApply_AndDoesNotAliasTheBook()
    {
        var book = new OrderBook();
        for (var i = 0; i < 40; i++)
        {
            book.Apply(Set(BookSide.Bid, 1000 - (i * 3), i + 1, (ulong)i + 1));
            book.Apply(Set(BookSide.Ask, 1001 + (i * 2), i + 2, (ulong)i + 1));
        }
        var snapshot = book.Snapshot(11, 22, 3);
        Assert.Equal((3u, 11L, 22L, 40UL), (snapshot.InstrumentId, snapshot.TsEvent, snapshot.TsRecv, snapshot.VenueSequence));
        var copy = new OrderBook();
        copy.Apply(snapshot);
        Assert.Equal(Levels(book, BookSide.Bid), Levels(copy, BookSide.Bid));
        Assert.Equal(Levels(book, BookSide.Ask), Levels(copy, BookSide.Ask));
        book.Apply(Del(BookSide.Bid, 1000));
        Assert.Equal(40, snapshot.Bids.Length);
        Assert.Equal(1000 * S, snapshot.Bids.Span[0].Price);
    }

    [Fact]
    public void GetBidsAndAsks_DepthN_CopyTheTopNBestFirst()
    {
        var book = new OrderBook();
        for (var p = 1; p <= 20; p++)
        {
            book.Apply(Set(BookSide.Bid, p, p));
            book.Apply(Set(BookSide.Ask, 100 + p, p));
        }
        Span<BookLevel> top = stackalloc BookLevel[3];
        Assert.Equal(3, book.GetBids(top));
        Assert.Equal([20 * S, 19 * S, 18 * S], top.ToArray().Select(l => l.Price));
        Assert.Equal(3, book.GetAsks(top));
        Assert.Equal([101 * S, 102 * S, 103 * S], top.ToArray().Select(l => l.Price));
        Assert.Equal(20, book.GetBids(new BookLevel[50]));
        Assert.Equal(new BookLevel(18 * S, 18 * S), book.GetLevel(BookSide.Bid, 2));
        Assert.Throws<ArgumentOutOfRangeException>(() => book.GetLevel(BookSide.Ask, 20));
    }

    [Fact]
    public void Clear_EmptiesTheBookAndResetsSequence()
    {
        var book = new OrderBook();
        book.Apply(Set(BookSide.Bid, 1, 1, seq: 3));
        book.Clear();
        Assert.Equal((0, 0, 0UL, 0L), (book.BidCount, book.AskCount, book.VenueSequence, book.LastUpdate));
    }

    [Fact]
    public void Apply_AfterWarmUp_AllocatesNothing()
    {
        var book = new OrderBook();
        var random = new Random(4);
        BookDelta Next(int i) => new(1, i, i, random.Next(2) == 0 ? BookSide.Bid : BookSide.Ask, BookAction.Set, (random.Next(2) == 0 ? 100 - random.Next(200) : 101 + random.Next(200)) * S, random.Next(3) * S, (ulong)i);
        for (var i = 0; i < 20_000; i++) book.Apply(Next(i));
        Span<BookLevel> top = stackalloc BookLevel[10];
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 20_000; i++)
        {
            book.Apply(Next(i));
            book.GetBids(top);
            _ = book.Imbalance(10) + book.Mid.GetValueOrDefault() + book.DepthVolume(BookSide.Ask, 5);
        }
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }
}
