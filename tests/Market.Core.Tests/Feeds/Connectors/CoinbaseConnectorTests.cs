using Market.Core.Feeds;
using Market.Core.Feeds.Coinbase;
using Market.Core.Feeds.Config;
using Market.Core.Tests.Support;

namespace Market.Core.Tests.Feeds.Connectors;

public sealed class CoinbaseConnectorTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "dw-coinbase-" + Guid.NewGuid().ToString("N"));
    private readonly DeadLetterStore _deadLetters;

    public CoinbaseConnectorTests() => _deadLetters = new DeadLetterStore(_directory, "cb");

    private static FeedDefinition Definition(string kind, params string[] channels) => new(
        "cb", kind, "coinbase",
        new Dictionary<string, string> { ["websocket"] = "wss://advanced-trade-ws.coinbase.com" },
        channels, ["BTC-USD"], new Dictionary<string, CredentialReference>(), TimeSpan.FromMinutes(1), 10_000, "feeds/cb.yaml");

    [Fact]
    public void FromDefinition_WithoutHeartbeats_AddsHeartbeatsLast()
    {
        var connector = CoinbaseConnector.FromDefinition(Definition("coinbase", "level2", "market_trades"), new RecordingSink(), _deadLetters);

        Assert.Equal(["level2", "market_trades", "heartbeats"], connector.Channels);
        Assert.Equal(new Uri("wss://advanced-trade-ws.coinbase.com"), connector.Endpoint);
    }

    [Fact]
    public void FromDefinition_HeartbeatsListed_SubscribedOnce()
    {
        var connector = CoinbaseConnector.FromDefinition(Definition("coinbase", "heartbeats", "level2"), new RecordingSink(), _deadLetters);

        Assert.Equal(["heartbeats", "level2"], connector.Channels);
    }

    [Fact]
    public void FromDefinition_OtherKind_Throws() =>
        Assert.Throws<ArgumentException>(() => CoinbaseConnector.FromDefinition(Definition("binance", "depth"), new RecordingSink(), _deadLetters));

    public void Dispose()
    {
        _deadLetters.Dispose();
        Directory.Delete(_directory, recursive: true);
    }
}
