using Market.Core.Feeds.Config;
using Market.Core.Tests.Support;

namespace Market.Core.Tests.Feeds;

public sealed class FeedConfigurationTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    private void Write(string relative, string yaml)
    {
        var path = _temp.Combine(relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, yaml);
    }

    private const string Coinbase = """
        feed: coinbase
        kind: coinbase
        endpoints:
          websocket: wss://advanced-trade-ws.coinbase.com
        channels: [market_trades, level2]
        symbols: [BTC-USD, ETH-USD]
        credentials:
          api_key: { env: COINBASE_API_KEY }
          private_key: { file: /secrets/cb.pem }
        checkpoint:
          every: 30s
          deltas: 1000
        """;

    [Fact]
    public void Load_ValidFiles_GiveFeedsAndEnvironments()
    {
        Write("feeds/coinbase.yaml", Coinbase);
        Write("environments/test.yaml", """
            environment: test
            feeds: [coinbase]
            overrides:
              coinbase:
                endpoints:
                  websocket: ws://127.0.0.1:9001
            """);
        var config = FeedConfiguration.Load(_temp.Path);
        Assert.Empty(config.Errors);
        var feed = Assert.Single(config.Feeds);
        Assert.Equal(["BTC-USD", "ETH-USD"], feed.Symbols);
        Assert.Equal("env:COINBASE_API_KEY", feed.Credentials["api_key"].ToString());
        Assert.Equal("file:/secrets/cb.pem", feed.Credentials["private_key"].ToString());
        Assert.Equal(TimeSpan.FromSeconds(30), feed.CheckpointEvery);
        Assert.Equal(1000, feed.CheckpointDeltas);
        Assert.Equal("wss://advanced-trade-ws.coinbase.com", feed.Endpoints["websocket"]);
        Assert.Equal("ws://127.0.0.1:9001", config.Resolve("coinbase", "test").Endpoints["websocket"]);
    }

    [Fact]
    public void Load_UnknownKey_IsNamedWithFileLineAndColumn()
    {
        Write("feeds/coinbase.yaml", Coinbase.Replace("channels:", "chanels:", StringComparison.Ordinal));
        var error = Assert.Single(FeedConfiguration.Load(_temp.Path).Errors);
        Assert.EndsWith("feeds/coinbase.yaml", error.File, StringComparison.Ordinal);
        Assert.Equal(5, error.Line);
        Assert.Equal(1, error.Column);
        Assert.StartsWith("unknown key 'chanels' (expected one of: feed, kind, venue, endpoints, channels", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_InlineSecret_IsRejected_WithoutRepeatingIt()
    {
        Write("feeds/coinbase.yaml", Coinbase.Replace("{ env: COINBASE_API_KEY }", "sk-live-0123456789", StringComparison.Ordinal));
        var error = Assert.Single(FeedConfiguration.Load(_temp.Path).Errors);
        Assert.Equal(8, error.Line);
        Assert.Contains("must be a reference", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("sk-live", error.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("kind: coinbase", "kind: coinbose", "unknown kind 'coinbose'")]
    [InlineData("channels: [market_trades, level2]", "channels: [market_trades, depth]", "kind 'coinbase' has no channel 'depth'")]
    [InlineData("  websocket: wss://advanced-trade-ws.coinbase.com\n", "  rest: https://api.coinbase.com\n", "needs endpoints.websocket")]
    [InlineData("symbols: [BTC-USD, ETH-USD]", "symbols: []", "'symbols' must not be empty")]
    [InlineData("feed: coinbase", "feed: cb", "feed 'cb' must live in cb.yaml")]
    [InlineData("  every: 30s", "  every: soon", "checkpoint.every:")]
    [InlineData("{ env: COINBASE_API_KEY }", "{ env: A, file: /b }", "needs exactly one of env or file")]
    [InlineData("deltas: 1000", "deltas: -5", "checkpoint.deltas must be a positive whole number")]
    public void Load_BadFeed_SaysWhatIsWrong(string from, string to, string expected)
    {
        Write("feeds/coinbase.yaml", Coinbase.Replace(from, to, StringComparison.Ordinal));
        var errors = FeedConfiguration.Load(_temp.Path).Errors;
        Assert.Contains(errors, e => e.Message.Contains(expected, StringComparison.Ordinal));
        Assert.Empty(FeedConfiguration.Load(_temp.Path).Feeds);
    }

    [Fact]
    public void Load_EnvironmentNamingAMissingFeed_PointsAtTheListItem()
    {
        Write("feeds/coinbase.yaml", Coinbase);
        Write("environments/live.yaml", """
            environment: live
            feeds:
              - coinbase
              - krakn
            """);
        var error = Assert.Single(FeedConfiguration.Load(_temp.Path).Errors);
        Assert.Equal(4, error.Line);
        Assert.Equal("environment 'live' names feed 'krakn', which has no feeds/krakn.yaml", error.Message);
    }

    [Fact]
    public void Load_BrokenYaml_IsAnErrorNotACrash()
    {
        Write("feeds/coinbase.yaml", "feed: coinbase\nkind: [unclosed\n");
        var error = Assert.Single(FeedConfiguration.Load(_temp.Path).Errors);
        Assert.StartsWith("not valid YAML", error.Message, StringComparison.Ordinal);
    }

    private const string Binance = """
        feed: bn
        kind: binance
        venue: binance-spot
        endpoints:
          websocket: wss://stream.binance.com:9443/stream
          rest: https://api.binance.com
        channels: [trade, depth]
        symbols: [BNBBTC]
        """;

    [Theory]
    [InlineData("binance-spot")]
    [InlineData("binance-futures")]
    public void Load_BinanceVenue_IsKept(string venue)
    {
        Write("feeds/bn.yaml", Binance.Replace("binance-spot", venue, StringComparison.Ordinal));
        var config = FeedConfiguration.Load(_temp.Path);
        Assert.Empty(config.Errors);
        Assert.Equal(venue, Assert.Single(config.Feeds).Venue);
    }

    [Fact]
    public void Load_BinanceWithoutVenue_IsTheDefault()
    {
        Write("feeds/bn.yaml", Binance.Replace("venue: binance-spot\n", "", StringComparison.Ordinal));
        var config = FeedConfiguration.Load(_temp.Path);
        Assert.Empty(config.Errors);
        Assert.Equal("binance", Assert.Single(config.Feeds).Venue);
    }

    [Fact]
    public void Load_UnknownBinanceVenue_IsNamedWithFileLineAndColumn()
    {
        Write("feeds/bn.yaml", Binance.Replace("binance-spot", "binance-coinm", StringComparison.Ordinal));
        var error = Assert.Single(FeedConfiguration.Load(_temp.Path).Errors);
        Assert.EndsWith("feeds/bn.yaml", error.File, StringComparison.Ordinal);
        Assert.Equal((3, 8), (error.Line, error.Column));
        Assert.StartsWith("kind 'binance' has no venue 'binance-coinm' (it has: ", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TheRepositorysOwnFeedsAndEnvironments_AreValid()
    {
        var root = AppContext.BaseDirectory;
        while (!File.Exists(Path.Combine(root, "Agents.sln"))) root = Path.GetDirectoryName(root) ?? throw new InvalidOperationException("Agents.sln not found above the test binaries");
        var config = FeedConfiguration.Load(root);
        Assert.True(config.Errors.Count == 0, string.Join('\n', config.Errors));
        Assert.Contains(config.Feeds, f => f.Name == "sim");
        Assert.Contains(config.Feeds, f => f.Name == "binance-spot" && f.Venue == "binance-spot");
        Assert.DoesNotContain(config.Environments, e => e.Feeds.Contains("binance-spot"));
        Assert.Contains(config.Environments, e => e.Name == "dev" && e.Feeds.Contains("sim"));
    }
}
