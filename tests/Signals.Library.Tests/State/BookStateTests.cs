using Signals.Library.Book;
using Signals.Library.State;

namespace Signals.Library.Tests.State;

public sealed class BookStateTests
{
    private const long S = FixedPoint.Scale;

    private static BookDelta Set(long now, BookSide side, long price, long size) => new(1, now, now, side, BookAction.Set, price * S, size * S, (ulong)now);

    private static BookSnapshot Snap(long now, BookLevel[] bids, BookLevel[] asks) => new(1, now, now, (ulong)now, bids, asks);

    [Fact]
    public void Book_RandomDeltas_MatchOrderBook()
    {
        var harness = new BuilderHarness();
        var state = harness.Use(Builders.Book());
        var reference = new OrderBook();
        var random = new SignalRandom(9);
        var snapshot = Snap(1, [new(99 * S, S)], [new(101 * S, S)]);
        harness.Snapshot(snapshot);
        reference.Apply(snapshot);
        for (var i = 2; i < 5_000; i++)
        {
            var side = random.Next(2) == 0 ? BookSide.Bid : BookSide.Ask;
            var price = side == BookSide.Bid ? 80 + random.Next(21) : 99 + random.Next(21);
            var delta = Set(i, side, price, random.Next(4));
            harness.Delta(delta, endOfBatch: random.Next(3) == 0);
            reference.Apply(delta);

            Assert.Equal(reference.BestBid, state.BestBid);
            Assert.Equal(reference.BestAsk, state.BestAsk);
            Assert.Equal(reference.Mid, state.Mid);
            Assert.Equal(reference.Spread, state.Spread);
            Assert.Equal(reference.IsCrossed, state.IsCrossed);
            Assert.Equal(reference.BidCount, state.BidCount);
            Assert.Equal(reference.Imbalance(5), state.Imbalance(5));
            Assert.Equal(reference.DepthVolume(BookSide.Ask, 3), state.DepthVolume(BookSide.Ask, 3));
            if (reference.BidCount > 2) Assert.Equal(reference.GetLevel(BookSide.Bid, 2), state.Level(BookSide.Bid, 2));
            Assert.Equal(reference.LastUpdate, state.LastUpdate);
            Assert.Equal(state.Spread is { } s && state.Mid is { } m && m > 0 ? s * 1e4 / m : null, state.SpreadBps);
        }

        Assert.Null(state.Level(BookSide.Ask, 10_000));
    }

    [Fact]
    public void Book_Gap_InvalidUntilNextSnapshot()
    {
        var harness = new BuilderHarness();
        var book = harness.Use(Builders.Book());
        var mid = harness.Use(Sources.MidPrice());
        harness.Delta(Set(1, BookSide.Bid, 99, 1));
        Assert.False(book.IsValid); // no snapshot yet
        Assert.False(mid.HasValue);

        harness.Snapshot(Snap(2, [new(99 * S, S)], [new(101 * S, S)]));
        Assert.True(book.IsValid);
        Assert.Equal(100, mid.Value);
        Assert.True(mid.IsWarm);

        harness.Gap(3);
        Assert.False(book.IsValid);
        Assert.False(mid.IsWarm);
        harness.Delta(Set(4, BookSide.Ask, 100, 1));
        Assert.False(book.IsValid);
        Assert.Equal(100 * S, book.BestAsk!.Value.Price); // deltas still apply
        Assert.Equal(100, mid.Value); // but the invalid book publishes nothing

        harness.Snapshot(Snap(5, [new(98 * S, S)], [new(100 * S, S)]));
        Assert.True(book.IsValid);
        Assert.Equal(99, mid.Value);
        Assert.True(mid.IsWarm);
    }

    [Fact]
    public void Book_Depth_CapsTheReads()
    {
        var harness = new BuilderHarness();
        var book = harness.Use(Builders.Book(depth: 2));
        harness.Snapshot(Snap(1, [new(99 * S, S), new(98 * S, 2 * S), new(97 * S, 4 * S)], [new(101 * S, S)]));
        Assert.Equal(2, book.BidCount);
        Assert.Null(book.Level(BookSide.Bid, 2));
        Assert.Equal(3 * S, book.DepthVolume(BookSide.Bid, 10));
    }

    [Fact]
    public void BookSources_MidBatch_PublishOnlyWhenTheMessageEnds()
    {
        var harness = new BuilderHarness();
        var mid = harness.Use(Sources.MidPrice());
        var micro = harness.Use(Sources.Microprice());
        var bps = harness.Use(Sources.SpreadBps());
        var imbalance = harness.Use(Sources.BookImbalance(1));
        harness.Snapshot(Snap(1, [new(99 * S, 3 * S)], [new(101 * S, S)]));
        Assert.Equal(100, mid.Value);
        Assert.Equal(((99.0 * 1) + (101.0 * 3)) / 4, micro.Value, 1e-12);
        Assert.Equal(200, bps.Value, 1e-12);
        Assert.Equal(0.5, imbalance.Value);

        harness.Delta(Set(2, BookSide.Bid, 100, 1), endOfBatch: false);
        Assert.Equal(1, mid.Count);
        harness.Delta(Set(3, BookSide.Ask, 103, 1), endOfBatch: true);
        Assert.Equal(2, mid.Count);
        Assert.Equal(100.5, mid.Value);
    }

    [Fact]
    public void Quotes_BookOnlyFeed_FollowsTheBookThenSwitchesToQuotes()
    {
        var harness = new BuilderHarness();
        var quotes = harness.Use(Builders.Quotes());
        Assert.Equal(QuoteSource.None, quotes.Source);
        harness.Snapshot(Snap(1, [new(99 * S, 2 * S)], [new(101 * S, S)]));
        Assert.Equal(QuoteSource.Book, quotes.Source);
        Assert.Equal(new BookLevel(99 * S, 2 * S), quotes.BestBid);
        Assert.Equal(100 * S, quotes.Mid);
        Assert.Equal(2 * S, quotes.Spread);
        Assert.Equal(200, quotes.SpreadBps!.Value, 1e-12);
        Assert.True(quotes.IsValid);

        harness.Quote(new Quote(1, 2, 2, 98 * S, S, 102 * S, 5 * S, 0));
        Assert.Equal(QuoteSource.Quote, quotes.Source);
        Assert.Equal(new BookLevel(102 * S, 5 * S), quotes.BestAsk);

        // Once quotes arrive the book no longer moves the quote state.
        harness.Delta(Set(3, BookSide.Bid, 100, 1));
        Assert.Equal(98 * S, quotes.BestBid!.Value.Price);

        harness.Gap(4);
        Assert.False(quotes.IsValid);
        harness.Quote(new Quote(1, 5, 5, 98 * S, S, 0, 0, 0));
        Assert.True(quotes.IsValid);
        Assert.Null(quotes.BestAsk);
        Assert.Null(quotes.Mid);
    }
}
