using System.Collections.Concurrent;
using System.Text;
using Market.Core.Feeds;
using Market.Core.Feeds.Binance;
using Market.Core.Feeds.Connectors;
using Market.Core.Tests.Support;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Signals.Library;
using Signals.Library.Book;

namespace Market.Core.Tests.Feeds.Connectors;

/// <summary>A spot connector against a local Kestrel server playing the stream and <c>GET /api/v3/depth</c>.</summary>
public sealed class BinanceSpotConnectorStreamTests
{
    private const string Symbol = "BNBBTC";

    /// <summary>Spot's REST body: no event or transaction time.</summary>
    private static readonly byte[] Snapshot = Encoding.UTF8.GetBytes(
        """{"lastUpdateId":100,"bids":[["0.00240000","431.00000000"],["0.00239000","5.50000000"]],"asks":[["0.00260000","12.00000000"],["0.00270000","3.00000000"]]}""");

    private static readonly byte[][] Frames =
    [
        Encoding.UTF8.GetBytes("""{"result":null,"id":1}"""),
        Trade(1, "0.00240000", "2.00000000", buyerIsMaker: true),
        Depth(90, 100, """[["0.00238000","99.00000000"]]""", "[]"),                           // u <= lastUpdateId: covered
        Depth(95, 102, """[["0.00240000","400.00000000"]]""", """[["0.00260000","0.00000000"]]"""), // U <= 101 <= u: bridges
        Depth(103, 105, """[["0.00241000","1.50000000"]]""", """[["0.00265000","2.00000000"]]"""),
        Trade(2, "0.00265000", "0.10000000", buyerIsMaker: false),
        Depth(106, 106, """[["0.00239000","0.00000000"]]""", "[]"),
    ];

    [Fact]
    public async Task Run_SpotStream_SyncsOnApiV3DepthAndEndsWithTheBookTheFramesMakeByHand()
    {
        var depthQueries = new ConcurrentQueue<string>();
        await using var server = await WebSocketTestServer.StartAsync(async c =>
        {
            await c.ReadAsync(1);
            await c.SendAllAsync(Frames);
            await c.HoldAsync();
        }, app => app.Map("/api/v3/depth", async context =>
        {
            depthQueries.Enqueue(context.Request.QueryString.Value ?? "");
            context.Response.ContentType = "application/json";
            await context.Response.Body.WriteAsync(Snapshot);
        }));
        var directory = Path.Combine(Path.GetTempPath(), "dw-binance-spot-" + Guid.NewGuid().ToString("N"));
        using var http = new HttpClient();
        var deadLetters = new DeadLetterStore(directory, "binance-spot-test");
        var sink = new ObservedSink();
        var snapshots = new BinanceDepthSnapshotClient(http, server.BaseAddress, market: BinanceMarket.Spot);
        var connector = new BinanceConnector("binance-spot-test", server.Endpoint, ["trade", "depth"], [Symbol], snapshots, sink, deadLetters);
        var synced = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        connector.DepthStateChanged += (_, state) => { if (state == BinanceDepthState.Synced) synced.TrySetResult(); };
        try
        {
            await using (var runner = new FeedRunner(connector, ConnectorTestKit.FastOptions, () => new WebSocketTransport(), random: new Random(7)))
            {
                runner.Start();
                await sink.When(r => r.Trades.Count == 2 && r.Deltas.Count == 5).WaitAsync(ConnectorTestKit.Patience);
                await synced.Task.WaitAsync(ConnectorTestKit.Patience);
            }

            Assert.Equal(BinanceMarket.Spot, connector.Market);
            Assert.Equal(["""{"method":"SUBSCRIBE","params":["bnbbtc@trade","bnbbtc@depth@100ms"],"id":1}"""], server.Received);
            Assert.Equal([$"?symbol={Symbol}&limit=5000"], depthQueries);
            Assert.Equal(BinanceDepthState.Synced, connector.DepthState(Symbol));
            Assert.Equal((0L, 0L, 0L), (connector.Metrics.Gaps, connector.Metrics.ParseRejects, deadLetters.Total));

            var recorded = sink.Recorded;
            Assert.Equal(
                [(2_400_000L, 2_000_000_000L, Side.Sell, 1UL), (2_650_000L, 100_000_000L, Side.Buy, 2UL)],
                recorded.Trades.Select(t => (t.Price, t.Size, t.Aggressor, t.TradeId)));
            var book = new OrderBook();
            book.Apply(Assert.Single(recorded.Snapshots));
            foreach (var (delta, _) in recorded.Deltas) Assert.True(book.Apply(delta));
            var bids = new BookLevel[8];
            var asks = new BookLevel[8];
            // The snapshot, then 95..102, 103..105 and 106 applied by hand; 90..100 left out.
            Assert.Equal([new BookLevel(2_410_000, 1_500_000_000), new BookLevel(2_400_000, 400_000_000_000)], bids[..book.GetBids(bids)]);
            Assert.Equal([new BookLevel(2_650_000, 2_000_000_000), new BookLevel(2_700_000, 3_000_000_000)], asks[..book.GetAsks(asks)]);
            Assert.Equal(106UL, book.VenueSequence);
        }
        finally
        {
            deadLetters.Dispose();
            Directory.Delete(directory, recursive: true);
        }
    }

    private static byte[] Depth(long first, long last, string bids, string asks) => Encoding.UTF8.GetBytes(
        $$$"""{"stream":"bnbbtc@depth@100ms","data":{"e":"depthUpdate","E":1700000000{{{last:000}}},"s":"{{{Symbol}}}","U":{{{first}}},"u":{{{last}}},"b":{{{bids}}},"a":{{{asks}}}}}""");

    private static byte[] Trade(long id, string price, string quantity, bool buyerIsMaker) => Encoding.UTF8.GetBytes(
        $$$"""{"stream":"bnbbtc@trade","data":{"e":"trade","E":1700000000{{{id:000}}},"s":"{{{Symbol}}}","t":{{{id}}},"p":"{{{price}}}","q":"{{{quantity}}}","b":88,"a":50,"T":1700000000{{{id:000}}},"m":{{{(buyerIsMaker ? "true" : "false")}}},"M":true}}""");
}
