using Signals.Library.Book;

namespace Signals.Library.Tests.Book;

/// <summary>The book against a naive model (one SortedDictionary per side) over a long random stream.</summary>
public sealed class OrderBookReferenceTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void Apply_100kRandomUpdates_MatchesSortedDictionaryReference(int seed)
    {
        var random = new Random(seed);
        var book = new OrderBook();
        var bids = new SortedDictionary<long, long>(Comparer<long>.Create((a, b) => b.CompareTo(a)));
        var asks = new SortedDictionary<long, long>();
        var buffer = new BookLevel[512];
        for (var i = 0; i < 100_000; i++)
        {
            var side = random.Next(2) == 0 ? BookSide.Bid : BookSide.Ask;
            // Mostly near the top, sometimes deep, so inserts and removes hit both ends of the arrays.
            var offset = random.Next(10) < 8 ? random.Next(20) : random.Next(300);
            var price = (side == BookSide.Bid ? 10_000 - offset : 10_001 + offset) * 1_000_000L;
            var roll = random.Next(10);
            var action = roll < 2 ? BookAction.Delete : BookAction.Set;
            var size = action == BookAction.Delete || roll == 2 ? 0 : random.Next(1, 1_000) * 1_000_000L;
            Assert.True(book.Apply(new BookDelta(1, i, i, side, action, price, size, (ulong)i)));

            var model = side == BookSide.Bid ? bids : asks;
            if (size == 0) model.Remove(price);
            else model[price] = size;

            if (i % 97 == 0 || i == 99_999) AssertSame(book, bids, asks, buffer);
        }
    }

    private static void AssertSame(OrderBook book, SortedDictionary<long, long> bids, SortedDictionary<long, long> asks, BookLevel[] buffer)
    {
        Assert.Equal(bids.Select(p => new BookLevel(p.Key, p.Value)), buffer[..book.GetBids(buffer)]);
        Assert.Equal(asks.Select(p => new BookLevel(p.Key, p.Value)), buffer[..book.GetAsks(buffer)]);
        Assert.Equal(bids.Count, book.BidCount);
        Assert.Equal(asks.Count, book.AskCount);
        var bidTop = bids.Take(5).Sum(p => p.Value);
        var askTop = asks.Take(5).Sum(p => p.Value);
        Assert.Equal(bidTop, book.DepthVolume(BookSide.Bid, 5));
        Assert.Equal(bidTop + askTop == 0 ? 0 : (double)(bidTop - askTop) / (bidTop + askTop), book.Imbalance(5), 12);
        Assert.Equal(bids.Count == 0 ? null : bids.First().Key, book.BestBid?.Price);
        Assert.Equal(asks.Count == 0 ? null : asks.First().Key, book.BestAsk?.Price);
    }
}
