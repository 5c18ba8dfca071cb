using System.Text;
using Market.Core.Feeds;
using Market.Core.Feeds.Binance;
using Market.Core.Feeds.Config;
using Market.Core.Tests.Support;

namespace Market.Core.Tests.Feeds.Connectors;

public sealed class BinanceConnectorTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "dw-binance-" + Guid.NewGuid().ToString("N"));
    private readonly DeadLetterStore _deadLetters;
    private readonly HttpClient _http = new();

    public BinanceConnectorTests() => _deadLetters = new DeadLetterStore(_directory, "bn");

    private static FeedDefinition Definition(string kind, Dictionary<string, string> endpoints, params string[] channels) =>
        Definition(kind, "binance", endpoints, channels);

    private static FeedDefinition Definition(string kind, string venue, Dictionary<string, string> endpoints, params string[] channels) => new(
        "bn", kind, venue, endpoints, channels, ["btcusdt", "ETHUSDT"],
        new Dictionary<string, CredentialReference>(), TimeSpan.FromMinutes(1), 10_000, "feeds/bn.yaml");

    private static Dictionary<string, string> Endpoints() => new()
    {
        ["websocket"] = "wss://fstream.binance.com/stream",
        ["rest"] = "https://fapi.binance.com",
    };

    [Fact]
    public void FromDefinition_BinanceFeed_ReadsEndpointsSymbolsAndChannels()
    {
        var connector = BinanceConnector.FromDefinition(Definition("binance", Endpoints(), "aggTrade", "depth", "bookTicker"), new RecordingSink(), _deadLetters, _http);

        Assert.Equal(new Uri("wss://fstream.binance.com/stream"), connector.Endpoint);
        Assert.Equal(new Uri("https://fapi.binance.com"), connector.Snapshots.RestBase);
        Assert.Equal(BinanceDepthSnapshotClient.DefaultSnapshotsPerMinute, connector.Snapshots.SnapshotsPerMinute);
        Assert.Equal(["BTCUSDT", "ETHUSDT"], connector.Symbols);
        Assert.Equal(["aggTrade", "depth", "bookTicker"], connector.Channels);
        Assert.Equal("bn", connector.Feed);
    }

    [Theory]
    [InlineData("binance", BinanceMarket.UsdmFutures, "/fapi/v1/depth", 1000)]
    [InlineData("binance-futures", BinanceMarket.UsdmFutures, "/fapi/v1/depth", 1000)]
    [InlineData("binance-spot", BinanceMarket.Spot, "/api/v3/depth", 5000)]
    public void FromDefinition_Venue_PicksTheMarketAndItsDepthEndpoint(string venue, BinanceMarket market, string path, int limit)
    {
        var connector = BinanceConnector.FromDefinition(Definition("binance", venue, Endpoints(), "trade", "depth"), new RecordingSink(), _deadLetters, _http);

        Assert.Equal(market, connector.Market);
        Assert.Equal((market, path, limit), (connector.Snapshots.Market, connector.Snapshots.DepthPath, connector.Snapshots.Limit));
        Assert.Equal(["trade", "depth"], connector.Channels);
    }

    [Fact]
    public void FromDefinition_UnknownVenue_Throws()
    {
        var error = Assert.Throws<ArgumentException>(() => BinanceConnector.FromDefinition(Definition("binance", "binance-coinm", Endpoints(), "depth"), new RecordingSink(), _deadLetters, _http));

        Assert.Contains("binance-coinm", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FromDefinition_NoRestEndpoint_Throws()
    {
        var endpoints = Endpoints();
        endpoints.Remove("rest");

        var error = Assert.Throws<ArgumentException>(() => BinanceConnector.FromDefinition(Definition("binance", endpoints, "depth"), new RecordingSink(), _deadLetters, _http));

        Assert.Contains("rest", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FromDefinition_OtherKind_Throws() =>
        Assert.Throws<ArgumentException>(() => BinanceConnector.FromDefinition(Definition("coinbase", Endpoints(), "depth"), new RecordingSink(), _deadLetters, _http));

    [Fact]
    public void FromDefinition_UnknownChannel_Throws() =>
        Assert.Throws<ArgumentException>(() => BinanceConnector.FromDefinition(Definition("binance", Endpoints(), "depth", "kline_1m"), new RecordingSink(), _deadLetters, _http));

    [Fact]
    public void Subscribe_TwoSymbols_OneMessagePerSymbolWithRisingIds()
    {
        var connector = BinanceConnector.FromDefinition(Definition("binance", Endpoints(), "aggTrade", "depth", "bookTicker"), new RecordingSink(), _deadLetters, _http);

        var first = Encoding.UTF8.GetString(connector.Subscribe("BTCUSDT").Span);
        var second = Encoding.UTF8.GetString(connector.Subscribe("ETHUSDT").Span);

        Assert.Equal("""{"method":"SUBSCRIBE","params":["btcusdt@aggTrade","btcusdt@depth@100ms","btcusdt@bookTicker"],"id":1}""", first);
        Assert.Equal("""{"method":"SUBSCRIBE","params":["ethusdt@aggTrade","ethusdt@depth@100ms","ethusdt@bookTicker"],"id":2}""", second);
    }

    [Fact]
    public void TryAcquire_BudgetSpent_RefusesUntilAMinuteHasPassed()
    {
        var clock = new ManualTimeProvider(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
        var client = new BinanceDepthSnapshotClient(_http, new Uri("https://fapi.binance.com"), snapshotsPerMinute: 2, clock);

        Assert.True(client.TryAcquire());
        clock.Now += TimeSpan.FromSeconds(30);
        Assert.True(client.TryAcquire());
        Assert.False(client.TryAcquire());
        clock.Now += TimeSpan.FromSeconds(30);
        Assert.True(client.TryAcquire());
        Assert.False(client.TryAcquire());
    }

    public void Dispose()
    {
        _http.Dispose();
        _deadLetters.Dispose();
        Directory.Delete(_directory, recursive: true);
    }
}
