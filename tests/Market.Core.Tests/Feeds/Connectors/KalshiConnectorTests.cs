using System.Security.Cryptography;
using System.Text;
using Market.Core.Feeds;
using Market.Core.Feeds.Config;
using Market.Core.Feeds.Connectors;
using Market.Core.Feeds.Kalshi;
using Market.Core.Tests.Support;

namespace Market.Core.Tests.Feeds.Connectors;

/// <summary>Each test uses its own variable names, so tests running in parallel never share process environment.</summary>
public sealed class KalshiConnectorTests : IDisposable
{
    private static readonly Uri Endpoint = new("wss://api.elections.kalshi.com/trade-api/ws/v2");
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "dw-kalshi-" + Guid.NewGuid().ToString("N"));
    private readonly string _keyIdVariable = "DW_TEST_KALSHI_DEF_KEY_ID_" + Guid.NewGuid().ToString("N");
    private readonly string _pemVariable = "DW_TEST_KALSHI_DEF_PEM_" + Guid.NewGuid().ToString("N");
    private readonly DeadLetterStore _deadLetters;
    private readonly RSA _key = RSA.Create(2048);

    public KalshiConnectorTests()
    {
        _deadLetters = new DeadLetterStore(_directory, "kalshi");
        Environment.SetEnvironmentVariable(_keyIdVariable, KalshiTestKit.KeyId);
    }

    private FeedDefinition Definition(Dictionary<string, CredentialReference> credentials, string kind = "kalshi") => new(
        "kalshi", kind, "kalshi",
        new Dictionary<string, string> { ["websocket"] = Endpoint.ToString() },
        ["orderbook_delta", "trade"], ["KXBTCD-25NOV21-T100000"], credentials, TimeSpan.FromMinutes(1), 10_000, "feeds/kalshi.yaml");

    private Dictionary<string, CredentialReference> FromEnvironment()
    {
        Environment.SetEnvironmentVariable(_pemVariable, _key.ExportPkcs8PrivateKeyPem());
        return new() { ["key_id"] = new(_keyIdVariable, null), ["private_key"] = new(_pemVariable, null) };
    }

    [Fact]
    public void FromDefinition_KeyInAVariable_SignsAndTakesChannelsAndTickers()
    {
        using var connector = KalshiConnector.FromDefinition(Definition(FromEnvironment()), new RecordingSink(), _deadLetters);

        Assert.True(connector.Signs);
        Assert.Equal(["orderbook_delta", "trade"], connector.Channels);
        Assert.Equal(["KXBTCD-25NOV21-T100000"], connector.MarketTickers);
        Assert.Equal(Endpoint, connector.Endpoint);
        Assert.IsType<WebSocketTransport>(connector.NewTransport());
    }

    [Fact]
    public void FromDefinition_NoKeyId_ThrowsNamingTheCredential()
    {
        var credentials = FromEnvironment();
        credentials.Remove("key_id");
        var e = Assert.Throws<ArgumentException>(() => KalshiConnector.FromDefinition(Definition(credentials), new RecordingSink(), _deadLetters));
        Assert.Contains("credentials.key_id", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FromDefinition_KeyIdFromAFile_ThrowsAskingForAnEnvReference()
    {
        var credentials = FromEnvironment();
        credentials["key_id"] = new(null, "/etc/kalshi-key-id");
        var e = Assert.Throws<ArgumentException>(() => KalshiConnector.FromDefinition(Definition(credentials), new RecordingSink(), _deadLetters));
        Assert.Contains("must name an environment variable", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FromDefinition_NoPrivateKey_ThrowsNamingTheCredential()
    {
        var credentials = FromEnvironment();
        credentials.Remove("private_key");
        var e = Assert.Throws<ArgumentException>(() => KalshiConnector.FromDefinition(Definition(credentials), new RecordingSink(), _deadLetters));
        Assert.Contains("credentials.private_key", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FromDefinition_KeyIdVariableUnset_ThrowsNamingTheVariableNotASecret()
    {
        var credentials = FromEnvironment();
        var unset = "DW_TEST_KALSHI_UNSET_" + Guid.NewGuid().ToString("N");
        credentials["key_id"] = new(unset, null);
        var e = Assert.Throws<InvalidOperationException>(() => KalshiConnector.FromDefinition(Definition(credentials), new RecordingSink(), _deadLetters));
        Assert.Contains(unset, e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("PRIVATE KEY", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FromDefinition_OtherKind_Throws() =>
        Assert.Throws<ArgumentException>(() => KalshiConnector.FromDefinition(Definition(FromEnvironment(), kind: "coinbase"), new RecordingSink(), _deadLetters));

    [Fact]
    public void KeyReference_FileUnderHome_ExpandsTheTilde()
    {
        var reference = KalshiConnector.KeyReference(Definition(new() { ["key_id"] = new(_keyIdVariable, null), ["private_key"] = new(null, "~/.config/deepwater/kalshi.pem") }));

        Assert.Equal(_keyIdVariable, reference.KeyIdVariable);
        Assert.Equal(Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".config/deepwater/kalshi.pem"), reference.PrivateKeyFile);
    }

    [Fact]
    public void Constructor_UnknownChannel_Throws() =>
        Assert.Throws<ArgumentException>(() => new KalshiConnector("k", Endpoint, ["orderbook"], ["M"], new RecordingSink(), _deadLetters));

    [Fact]
    public void Commands_IdsCountUpPerCommand()
    {
        using var connector = new KalshiConnector("k", Endpoint, ["ticker", "trade"], ["A", "B"], new RecordingSink(), _deadLetters);

        Assert.False(connector.Signs);
        Assert.Equal("""{"id":1,"cmd":"subscribe","params":{"channels":["ticker","trade"],"market_tickers":["A","B"]}}""", Encoding.UTF8.GetString(connector.Subscribe(connector.Channels).Span));
        Assert.Equal("""{"id":2,"cmd":"unsubscribe","params":{"sids":[7]}}""", Encoding.UTF8.GetString(connector.Unsubscribe(7).Span));
    }

    public void Dispose()
    {
        Environment.SetEnvironmentVariable(_keyIdVariable, null);
        Environment.SetEnvironmentVariable(_pemVariable, null);
        _key.Dispose();
        _deadLetters.Dispose();
        Directory.Delete(_directory, recursive: true);
    }
}
