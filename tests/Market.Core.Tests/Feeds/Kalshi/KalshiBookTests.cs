using System.Text;
using Market.Core.Feeds;
using Market.Core.Feeds.Kalshi;
using Market.Core.Tests.Support;
using Signals.Library;
using Signals.Library.Book;

namespace Market.Core.Tests.Feeds.Kalshi;

/// <summary>
/// No public orderbook capture exists, so these messages are written to Kalshi's documented shape:
/// snapshot <c>msg</c> with <c>yes</c>/<c>no</c> as [cents, quantity] (or <c>*_dollars</c>), delta
/// <c>msg</c> with <c>price</c>, <c>delta</c> (a change) and <c>side</c>; both carry sid and seq.
/// </summary>
public sealed class KalshiBookTests
{
    private const long Now = 1_770_897_990_000_000_000;
    private const long Cent = FixedPoint.Scale / 100;

    // Yes bids 45×100, 46×250, 47×50; no bids 50×120 and 51×300 are yes asks at 50 and 49.
    private static string Snapshot(int seq, int sid = 5) =>
        $"{{\"type\":\"orderbook_snapshot\",\"sid\":{sid},\"seq\":{seq},\"msg\":{{\"market_ticker\":\"KXTEST-1\",\"market_id\":\"u\",\"yes\":[[45,100],[46,250],[47,50]],\"no\":[[50,120],[51,300]]}}}}";

    private static string Delta(int seq, string side, int cents, int change, int sid = 5) =>
        $"{{\"type\":\"orderbook_delta\",\"sid\":{sid},\"seq\":{seq},\"msg\":{{\"market_ticker\":\"KXTEST-1\",\"price\":{cents},\"delta\":{change},\"side\":\"{side}\",\"ts\":\"2026-02-12T12:06:21Z\"}}}}";

    private static ParseOutcome Parse(KalshiParser parser, RecordingSink sink, string json, out string reason) =>
        parser.Parse(Encoding.UTF8.GetBytes(json), Now, sink, out reason);

    private static ParseOutcome Parse(KalshiParser parser, RecordingSink sink, string json)
    {
        var outcome = Parse(parser, sink, json, out var reason);
        Assert.True(outcome != ParseOutcome.Rejected, reason);
        return outcome;
    }

    [Fact]
    public void Snapshot_NoBidsBecomeYesAsksAtOneMinusPrice_BestFirst()
    {
        var sink = new RecordingSink();
        Parse(new KalshiParser(), sink, Snapshot(1));
        var snapshot = Assert.Single(sink.Snapshots);
        Assert.Equal([new(47 * Cent, 50 * FixedPoint.Scale), new(46 * Cent, 250 * FixedPoint.Scale), new BookLevel(45 * Cent, 100 * FixedPoint.Scale)], snapshot.Bids.ToArray());
        Assert.Equal([new(49 * Cent, 300 * FixedPoint.Scale), new BookLevel(50 * Cent, 120 * FixedPoint.Scale)], snapshot.Asks.ToArray());
        Assert.Equal((1UL, Now), (snapshot.VenueSequence, snapshot.TsEvent));
    }

    [Fact]
    public void Snapshot_WithDollarLevels_PrefersThemOverCents()
    {
        var sink = new RecordingSink();
        const string Json = "{\"type\":\"orderbook_snapshot\",\"sid\":5,\"seq\":1,\"msg\":{\"market_ticker\":\"M\",\"yes\":[[45,100]],\"yes_dollars\":[[\"0.4550\",\"12.50\"]],\"no_dollars\":[[\"0.5000\",3]]}}";
        Parse(new KalshiParser(), sink, Json);
        var snapshot = Assert.Single(sink.Snapshots);
        Assert.Equal([new BookLevel(455_000_000, 12_500_000_000)], snapshot.Bids.ToArray());
        Assert.Equal([new BookLevel(500_000_000, 3 * FixedPoint.Scale)], snapshot.Asks.ToArray());
    }

    [Fact]
    public void Deltas_AreChanges_EmittedAsAbsoluteSizes_AndRebuildTheHandComputedBook()
    {
        var parser = new KalshiParser();
        var sink = new RecordingSink();
        Parse(parser, sink, Snapshot(1));
        Parse(parser, sink, Delta(2, "yes", 46, -50));   // bid 0.46: 250 → 200
        Parse(parser, sink, Delta(3, "no", 51, -300));   // ask 0.49: 300 → gone
        Parse(parser, sink, Delta(4, "yes", 48, 10));    // bid 0.48: new, 10
        Parse(parser, sink, "{\"type\":\"orderbook_delta\",\"sid\":5,\"seq\":5,\"msg\":{\"market_ticker\":\"KXTEST-1\",\"price\":45,\"price_dollars\":\"0.4500\",\"delta\":25,\"delta_fp\":\"25.50\",\"side\":\"no\"}}"); // ask 0.55: new, 25.5

        Assert.Equal(
            [
                (BookSide.Bid, BookAction.Set, 46 * Cent, 200 * FixedPoint.Scale, 2UL),
                (BookSide.Ask, BookAction.Delete, 49 * Cent, 0L, 3UL),
                (BookSide.Bid, BookAction.Set, 48 * Cent, 10 * FixedPoint.Scale, 4UL),
                (BookSide.Ask, BookAction.Set, 55 * Cent, 25_500_000_000L, 5UL),
            ],
            sink.Deltas.Select(d => (d.Delta.Side, d.Delta.Action, d.Delta.Price, d.Delta.Size, d.Delta.VenueSequence)));
        Assert.All(sink.Deltas, d => Assert.True(d.End));
        Assert.Equal(1_770_897_981_000_000_000, sink.Deltas[0].Delta.TsEvent); // the delta's RFC 3339 ts

        var book = new OrderBook();
        book.Apply(sink.Snapshots[0]);
        foreach (var (delta, _) in sink.Deltas) Assert.True(book.Apply(delta));
        var bids = new BookLevel[8];
        var asks = new BookLevel[8];
        Assert.Equal(
            [new(48 * Cent, 10 * FixedPoint.Scale), new(47 * Cent, 50 * FixedPoint.Scale), new(46 * Cent, 200 * FixedPoint.Scale), new BookLevel(45 * Cent, 100 * FixedPoint.Scale)],
            bids[..book.GetBids(bids)]);
        Assert.Equal([new(50 * Cent, 120 * FixedPoint.Scale), new BookLevel(55 * Cent, 25_500_000_000)], asks[..book.GetAsks(asks)]);
        Assert.False(book.IsCrossed);
    }

    [Fact]
    public void SequenceGap_EmitsAGap_AndDropsDeltasUntilTheNextSnapshot()
    {
        var parser = new KalshiParser();
        var sink = new RecordingSink();
        Parse(parser, sink, Snapshot(1));
        Assert.Equal(ParseOutcome.Events, Parse(parser, sink, Delta(2, "yes", 47, 5)));

        Assert.Equal(ParseOutcome.Gap, Parse(parser, sink, Delta(5, "yes", 47, 5)));
        var gap = Assert.Single(sink.Gaps);
        Assert.Equal((GapReason.SequenceGap, 3UL, 5UL), (gap.Reason, gap.ExpectedVenueSequence, gap.ReceivedVenueSequence));
        Assert.Equal(ParseOutcome.Events, Parse(parser, sink, Delta(6, "no", 50, 1)));
        Assert.Single(sink.Deltas); // neither change was applied to a book we no longer trust
        Assert.Equal(2, parser.DeltasAwaitingSnapshot);

        Assert.Equal(ParseOutcome.Events, Parse(parser, sink, Snapshot(7)));
        Assert.Equal(ParseOutcome.Events, Parse(parser, sink, Delta(8, "yes", 47, 5)));
        Assert.Equal(2, sink.Deltas.Count);
        // The new snapshot is the base: 50 + 5, not 50 + 5 + 5 + 5.
        Assert.Equal(55 * FixedPoint.Scale, sink.Deltas[1].Delta.Size);
        Assert.Equal(1, parser.SequenceGaps);
    }

    [Fact]
    public void SequenceGap_OnAnotherSubscription_LeavesThisBookValid()
    {
        var parser = new KalshiParser();
        var sink = new RecordingSink();
        Parse(parser, sink, Snapshot(1));
        Parse(parser, sink, "{\"type\":\"trade\",\"sid\":2,\"seq\":10,\"msg\":{\"trade_id\":\"a\",\"market_ticker\":\"M\",\"yes_price\":5,\"count\":1,\"taker_side\":\"yes\",\"ts\":1770897981}}");
        Assert.Equal(ParseOutcome.Gap, Parse(parser, sink, "{\"type\":\"trade\",\"sid\":2,\"seq\":48,\"msg\":{\"trade_id\":\"b\",\"market_ticker\":\"M\",\"yes_price\":5,\"count\":1,\"taker_side\":\"yes\",\"ts\":1770897981}}"));
        Assert.Equal(ParseOutcome.Events, Parse(parser, sink, Delta(2, "yes", 47, 5)));
        Assert.Single(sink.Deltas);
        Assert.Equal(0, parser.DeltasAwaitingSnapshot);
    }

    [Fact]
    public void Delta_BeforeAnySnapshot_IsDroppedAndCounted()
    {
        var parser = new KalshiParser();
        var sink = new RecordingSink();
        Assert.Equal(ParseOutcome.Events, Parse(parser, sink, Delta(1, "yes", 47, 5)));
        Assert.Empty(sink.Deltas);
        Assert.Equal(1, parser.DeltasAwaitingSnapshot);
    }

    [Fact]
    public void Delta_TakingALevelBelowZero_IsRejected_AndTheBookAwaitsASnapshot()
    {
        var parser = new KalshiParser();
        var sink = new RecordingSink();
        Parse(parser, sink, Snapshot(1));
        Assert.Equal(ParseOutcome.Rejected, Parse(parser, sink, Delta(2, "yes", 47, -51), out var reason));
        Assert.StartsWith("malformed-field: orderbook_delta takes the level below zero", reason, StringComparison.Ordinal);
        Parse(parser, sink, Delta(3, "yes", 47, 1));
        Assert.Empty(sink.Deltas);
        Assert.Equal(1, parser.DeltasAwaitingSnapshot);
    }

    [Fact]
    public void Reset_AfterAReconnect_ForgetsSequencesAndBooks()
    {
        var parser = new KalshiParser();
        var sink = new RecordingSink();
        Parse(parser, sink, Snapshot(40));
        parser.Reset();
        Assert.Equal(ParseOutcome.Events, Parse(parser, sink, Delta(1, "yes", 47, 5)));
        Assert.Empty(sink.Gaps);
        Assert.Empty(sink.Deltas);
    }
}
