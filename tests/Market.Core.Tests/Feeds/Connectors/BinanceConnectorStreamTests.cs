using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using Market.Core.Feeds;
using Market.Core.Feeds.Binance;
using Market.Core.Feeds.Connectors;
using Market.Core.Tests.Feeds.Binance;
using Market.Core.Tests.Support;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Market.Core.Tests.Feeds.Connectors;

public sealed class BinanceConnectorStreamTests
{
    private static readonly string[] Channels = ["aggTrade", "depth", "bookTicker"];

    private static readonly string[] ExpectedSubscribes =
    [
        """{"method":"SUBSCRIBE","params":["sushiusdt@aggTrade","sushiusdt@depth@100ms","sushiusdt@bookTicker"],"id":1}""",
        """{"method":"SUBSCRIBE","params":["akrousdt@aggTrade","akrousdt@depth@100ms","akrousdt@bookTicker"],"id":2}""",
        """{"method":"SUBSCRIBE","params":["keepusdt@aggTrade","keepusdt@depth@100ms","keepusdt@bookTicker"],"id":3}""",
        """{"method":"SUBSCRIBE","params":["ctkusdt@aggTrade","ctkusdt@depth@100ms","ctkusdt@bookTicker"],"id":4}""",
    ];

    private static readonly Lazy<IReadOnlyList<byte[]>> CaptureRecv = new(() =>
        BinanceCapture.Frames().Where(f => f.Type == "recv").Select(f => f.Data).ToList());

    [Fact]
    public async Task Run_RealCaptureReplayed_EverySymbolSyncedAndCountsAsParsingItDirectly()
    {
        await using var server = await BinanceTestServer.StartAsync(async c =>
        {
            await c.ReadAsync(ExpectedSubscribes.Length);
            await c.SendAllAsync(Acks);
            await c.SendAllAsync(CaptureRecv.Value);
            await c.HoldAsync();
        });
        await using var rig = new Rig(server);
        var expected = ParseCaptureDirectly();

        rig.Runner.Start();
        await rig.Sink.When(r => r.Deltas.Count == expected.Deltas.Count && r.Trades.Count == expected.Trades.Count && r.Quotes.Count == expected.Quotes.Count)
            .WaitAsync(ConnectorTestKit.Patience);
        await rig.States.WhenAsync(h => BinanceCapture.Symbols.All(s => h.Count(e => e == (s, BinanceDepthState.Synced)) == 1));

        Assert.Equal(ExpectedSubscribes, server.Received);
        Assert.All(BinanceCapture.Symbols, s => Assert.Equal(BinanceDepthState.Synced, rig.Connector.DepthState(s)));
        Assert.All(BinanceCapture.Symbols, s => Assert.Equal(1, server.DepthRequests.GetValueOrDefault(s)));
        Assert.Equal(expected.Snapshots.Count, rig.Sink.Recorded.Snapshots.Count);
        foreach (var symbol in BinanceCapture.Symbols)
        {
            Assert.Equal(
                expected.Deltas.Count(d => expected.Symbol(d.Delta.InstrumentId) == symbol),
                rig.Sink.Recorded.Deltas.Count(d => rig.Sink.Recorded.Symbol(d.Delta.InstrumentId) == symbol));
        }
        Assert.Equal(0, rig.Connector.Metrics.Gaps);
        Assert.Equal(0, rig.DeadLetters.Total);
    }

    [Fact]
    public async Task Run_RejectedMessage_DeadLetteredWithReasonPrefixAndFeedGoesOn()
    {
        await using var server = await BinanceTestServer.StartAsync(async c =>
        {
            await c.ReadAsync(ExpectedSubscribes.Length);
            await c.SendAsync(Encoding.UTF8.GetBytes("""{"stream":"sushiusdt@aggTrade","data":{"e":"""));
            await c.SendAllAsync(CaptureRecv.Value);
            await c.HoldAsync();
        });
        await using var rig = new Rig(server);
        var expected = ParseCaptureDirectly();

        rig.Runner.Start();
        await rig.Sink.When(r => r.Deltas.Count == expected.Deltas.Count && r.Trades.Count == expected.Trades.Count && r.Quotes.Count == expected.Quotes.Count)
            .WaitAsync(ConnectorTestKit.Patience);

        Assert.Equal(1, rig.Connector.Metrics.ParseRejects);
        Assert.Equal(1, rig.DeadLetters.Total);
        Assert.Equal(1, rig.DeadLetters.ByReason["malformed-json"]);
        Assert.Equal(1, server.Connections);
    }

    [Fact]
    public async Task Run_SnapshotBudgetSpent_RestFetchedOnceTheMinuteHasPassed()
    {
        var clock = new ManualTimeProvider(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
        var go = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var server = await BinanceTestServer.StartAsync(async c =>
        {
            await c.ReadAsync(ExpectedSubscribes.Length);
            await go.Task.WaitAsync(ConnectorTestKit.Patience);
            await c.SendAllAsync(CaptureRecv.Value);
            await c.HoldAsync();
        });
        await using var rig = new Rig(server, snapshotsPerMinute: 2, clock);

        rig.Runner.Start();
        await rig.States.WhenAsync(h => h.Count == BinanceCapture.Symbols.Length);
        Assert.Equal(2, server.DepthRequests.Values.Sum());
        Assert.Equal(2, BinanceCapture.Symbols.Count(s => rig.Connector.DepthState(s) == BinanceDepthState.NeedsSnapshot));
        clock.Now += TimeSpan.FromMinutes(1);
        go.SetResult();
        await rig.States.WhenAsync(h => BinanceCapture.Symbols.All(s => h.Contains((s, BinanceDepthState.Synced))));

        Assert.All(BinanceCapture.Symbols, s => Assert.Equal(1, server.DepthRequests[s]));
        Assert.Equal(4, rig.Connector.Snapshots.Requests);
    }

    [Fact]
    public async Task Run_DepthEventWithBrokenPu_GapCountedOneMoreSnapshotThenSyncedAgain()
    {
        var (lastU, eventTime) = LastDepth("SUSHIUSDT");
        var newLastUpdateId = lastU + 1000;
        var broken = Depth("SUSHIUSDT", eventTime + 100, lastU + 10, lastU + 20, lastU + 5);
        var bridging = Depth("SUSHIUSDT", eventTime + 200, newLastUpdateId - 5, newLastUpdateId + 5, newLastUpdateId - 6);
        var freshSnapshot = Encoding.UTF8.GetBytes(
            $$"""{"lastUpdateId":{{newLastUpdateId}},"E":{{eventTime + 150}},"T":{{eventTime + 150}},"bids":[["7.5000","10"]],"asks":[["7.7000","10"]]}""");
        await using var server = await BinanceTestServer.StartAsync(async c =>
        {
            await c.ReadAsync(ExpectedSubscribes.Length);
            await c.SendAllAsync(CaptureRecv.Value);
            await c.SendAllAsync([broken, bridging]);
            await c.HoldAsync();
        }, (symbol, call) => symbol == "SUSHIUSDT" && call == 2 ? freshSnapshot : null);
        await using var rig = new Rig(server);

        rig.Runner.Start();
        await rig.States.WhenAsync(h => h.Count(e => e == ("SUSHIUSDT", BinanceDepthState.Synced)) == 2);

        Assert.Equal(1, rig.Connector.Metrics.Gaps);
        Assert.Equal(1, rig.Connector.Metrics.Resyncs);
        Assert.Equal(2, server.DepthRequests["SUSHIUSDT"]);
        Assert.All(BinanceCapture.Symbols.Where(s => s != "SUSHIUSDT"), s => Assert.Equal(1, server.DepthRequests[s]));
        Assert.Equal(BinanceDepthState.Synced, rig.Connector.DepthState("SUSHIUSDT"));
        Assert.Single(rig.Sink.Recorded.Gaps);
        Assert.Equal(1, server.Connections);
    }

    [Fact]
    public async Task Run_ConnectionDropped_ReconnectsResetsAndFetchesSnapshotsAgain()
    {
        var firstSynced = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var server = await BinanceTestServer.StartAsync(async c =>
        {
            await c.ReadAsync(ExpectedSubscribes.Length);
            await c.SendAllAsync(CaptureRecv.Value);
            if (c.Index == 1)
            {
                await firstSynced.Task.WaitAsync(ConnectorTestKit.Patience);
                c.Abort();
                return;
            }
            await c.HoldAsync();
        });
        await using var rig = new Rig(server);

        rig.Runner.Start();
        await rig.States.WhenAsync(h => BinanceCapture.Symbols.All(s => h.Contains((s, BinanceDepthState.Synced))));
        firstSynced.SetResult();
        await rig.States.WhenAsync(h => BinanceCapture.Symbols.All(s => h.Count(e => e == (s, BinanceDepthState.Synced)) == 2));

        Assert.Equal(2, server.Connections);
        Assert.True(rig.Connector.Metrics.Reconnects >= 1, $"reconnects: {rig.Connector.Metrics.Reconnects}");
        Assert.All(BinanceCapture.Symbols, s => Assert.Equal(2, server.DepthRequests[s]));
        Assert.Equal(8, rig.Sink.Recorded.Snapshots.Count);
        var again = ExpectedSubscribes.Select((s, i) => s.Replace($"\"id\":{i + 1}}}", $"\"id\":{i + 5}}}", StringComparison.Ordinal));
        Assert.Equal([.. ExpectedSubscribes, .. again], server.Received);
        Assert.Equal(0, rig.Connector.Metrics.Gaps);
    }

    /// <summary>The venue's replies to the four SUBSCRIBEs.</summary>
    private static IEnumerable<byte[]> Acks => Enumerable.Range(1, ExpectedSubscribes.Length).Select(id => Encoding.UTF8.GetBytes($$"""{"result":null,"id":{{id}}}"""));

    /// <summary>What feeding the capture (frames and snapshots, in file order) to one fresh parser produces.</summary>
    private static RecordingSink ParseCaptureDirectly()
    {
        var parser = new BinanceParser();
        var sink = new RecordingSink();
        foreach (var frame in BinanceCapture.Frames()) BinanceCapture.Feed(parser, frame, sink, out _);
        return sink;
    }

    /// <summary>The last depth event's <c>u</c> and <c>E</c> for <paramref name="symbol"/> in the capture.</summary>
    private static (long U, long EventTime) LastDepth(string symbol)
    {
        var last = CaptureRecv.Value
            .Select(f => JsonDocument.Parse(f).RootElement.GetProperty("data").Clone())
            .Last(d => d.GetProperty("e").GetString() == "depthUpdate" && d.GetProperty("s").GetString() == symbol);
        return (last.GetProperty("u").GetInt64(), last.GetProperty("E").GetInt64());
    }

    private static byte[] Depth(string symbol, long eventTime, long first, long last, long previous) => Encoding.UTF8.GetBytes(
        $$$"""{"stream":"{{{symbol.ToLowerInvariant()}}}@depth@100ms","data":{"e":"depthUpdate","E":{{{eventTime}}},"T":{{{eventTime}}},"s":"{{{symbol}}}","U":{{{first}}},"u":{{{last}}},"pu":{{{previous}}},"b":[["7.5000","11"]],"a":[]}}""");

    /// <summary>A connector and runner wired to the test server, with a state history to wait on.</summary>
    private sealed class Rig : IAsyncDisposable
    {
        private readonly string _directory = Path.Combine(Path.GetTempPath(), "dw-binance-conn-" + Guid.NewGuid().ToString("N"));
        private readonly HttpClient _http = new();

        public Rig(BinanceTestServer server, int snapshotsPerMinute = 100, TimeProvider? time = null)
        {
            DeadLetters = new DeadLetterStore(_directory, "binance-test");
            var snapshots = new BinanceDepthSnapshotClient(_http, server.Rest, snapshotsPerMinute, time);
            Connector = new BinanceConnector("binance-test", server.Endpoint, Channels, BinanceCapture.Symbols, snapshots, Sink, DeadLetters);
            Connector.DepthStateChanged += States.Add;
            Runner = new FeedRunner(Connector, ConnectorTestKit.FastOptions, () => new WebSocketTransport(16 * 1024 * 1024), random: new Random(7));
        }

        public ObservedSink Sink { get; } = new();
        public StateHistory States { get; } = new();
        public DeadLetterStore DeadLetters { get; }
        public BinanceConnector Connector { get; }
        public FeedRunner Runner { get; }

        public async ValueTask DisposeAsync()
        {
            await Runner.DisposeAsync();
            _http.Dispose();
            DeadLetters.Dispose();
            Directory.Delete(_directory, recursive: true);
        }
    }

    /// <summary>Every depth state change in order, and a way to await a condition on them.</summary>
    private sealed class StateHistory
    {
        private readonly Lock _gate = new();
        private readonly List<(string Symbol, BinanceDepthState State)> _changes = [];
        private (Func<List<(string, BinanceDepthState)>, bool> Condition, TaskCompletionSource Done)? _watch;

        public void Add(string symbol, BinanceDepthState state)
        {
            lock (_gate)
            {
                _changes.Add((symbol, state));
                if (_watch is { } watch && watch.Condition(_changes))
                {
                    _watch = null;
                    watch.Done.TrySetResult();
                }
            }
        }

        public async Task WhenAsync(Func<List<(string, BinanceDepthState)>, bool> condition)
        {
            var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            lock (_gate)
            {
                if (condition(_changes)) return;
                _watch = (condition, done);
            }
            try
            {
                await done.Task.WaitAsync(ConnectorTestKit.Patience);
            }
            catch (TimeoutException e)
            {
                lock (_gate) throw new TimeoutException($"saw: {string.Join(", ", _changes.Select(c => $"{c.Symbol}={c.State}"))}", e);
            }
        }
    }
}

/// <summary>
/// One Kestrel server on 127.0.0.1 for both halves of a Binance feed: the WebSocket at <c>/ws</c>
/// (a script per connection, as <see cref="WebSocketTestServer"/>) and <c>/fapi/v1/depth</c>, which
/// answers with the capture's snapshot for the symbol unless the override gives another body.
/// </summary>
internal sealed class BinanceTestServer : IAsyncDisposable
{
    private readonly WebSocketTestServer _server;

    private BinanceTestServer(WebSocketTestServer server, ConcurrentDictionary<string, int> depthRequests)
    {
        _server = server;
        DepthRequests = depthRequests;
    }

    public Uri Endpoint => _server.Endpoint;
    public Uri Rest => _server.BaseAddress;
    public ConcurrentQueue<string> Received => _server.Received;
    /// <summary>REST depth calls per symbol.</summary>
    public ConcurrentDictionary<string, int> DepthRequests { get; }
    public int Connections => _server.Connections;

    /// <param name="script">What each WebSocket connection does.</param>
    /// <param name="snapshotOverride">Given the symbol and which call this is (1-based), a body to send instead of the capture's, or null.</param>
    public static async Task<BinanceTestServer> StartAsync(Func<ServerConnection, Task> script, Func<string, int, byte[]?>? snapshotOverride = null)
    {
        var captured = BinanceCapture.Frames().Where(f => BinanceCapture.DepthSymbol(f) is not null).ToDictionary(f => BinanceCapture.DepthSymbol(f)!, f => f.Data);
        var requests = new ConcurrentDictionary<string, int>(StringComparer.Ordinal);
        var server = await WebSocketTestServer.StartAsync(script, app => app.Map("/fapi/v1/depth", async context =>
        {
            var symbol = context.Request.Query["symbol"].ToString();
            if (context.Request.Query["limit"] != "1000" || !captured.TryGetValue(symbol, out var body))
            {
                context.Response.StatusCode = StatusCodes.Status400BadRequest;
                return;
            }
            var call = requests.AddOrUpdate(symbol, 1, (_, n) => n + 1);
            context.Response.ContentType = "application/json";
            await context.Response.Body.WriteAsync(snapshotOverride?.Invoke(symbol, call) ?? body);
        }));
        return new BinanceTestServer(server, requests);
    }

    public ValueTask DisposeAsync() => _server.DisposeAsync();
}
