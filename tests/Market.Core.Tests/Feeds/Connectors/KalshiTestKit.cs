using System.Security.Cryptography;
using System.Text;
using Market.Core.Feeds;
using Market.Core.Feeds.Config;
using Market.Core.Feeds.Connectors;
using Market.Core.Feeds.Kalshi;
using Market.Core.Tests.Support;
using Microsoft.AspNetCore.Http;
using Signals.Library;
using Signals.Library.Book;

namespace Market.Core.Tests.Feeds.Connectors;

/// <summary>
/// A signing Kalshi connector (made by <see cref="KalshiConnector.FromDefinition"/> from a throwaway
/// key in a temp PEM file and a key id in a variable unique to the kit) and its runner; a test server
/// that verifies the signed handshake; and frames in Kalshi's shape. No public orderbook capture
/// exists, so the book frames are written to Kalshi's documented shape; trades and tickers are real.
/// </summary>
public sealed class KalshiTestKit : IAsyncDisposable
{
    public const string KeyId = "7f0c2f9e-3d41-4a57-9c8e-kit-key-id";
    public const string BookTicker = "KXTEST-1";
    public const long TickerSid = 1, TradeSid = 2, BookSid = 3;
    public const long Cent = FixedPoint.Scale / 100;
    public static readonly string[] Channels = ["orderbook_delta", "trade", "ticker"];
    public static readonly string[] Tickers = [BookTicker, "KXBTCD-26FEB1217-T67749.99"];
    public static readonly DateTimeOffset SignerStart = new(2026, 2, 12, 12, 0, 0, TimeSpan.Zero);

    /// <summary>What every connection's first command is.</summary>
    public const string ExpectedSubscribe =
        """{"id":1,"cmd":"subscribe","params":{"channels":["orderbook_delta","trade","ticker"],"market_tickers":["KXTEST-1","KXBTCD-26FEB1217-T67749.99"]}}""";

    private static readonly Lazy<IReadOnlyList<byte[]>> TradeLines = new(() => Lines("kalshi_ws_trade_sample.jsonl"));
    private static readonly Lazy<IReadOnlyList<byte[]>> TickerLines = new(() => Lines("kalshi_ws_ticker_sample.jsonl"));

    private readonly string _directory = Path.Combine(Path.GetTempPath(), "dw-kalshi-conn-" + Guid.NewGuid().ToString("N"));
    private readonly string _keyIdVariable = "DW_TEST_KALSHI_CONN_KEY_ID_" + Guid.NewGuid().ToString("N");
    private readonly StateWatcher _states;

    /// <param name="endpoint">The test server's WebSocket address.</param>
    /// <param name="key">The key the connector signs with (the server may trust another).</param>
    /// <param name="maxMessageBytes">The transport's message limit.</param>
    public KalshiTestKit(Uri endpoint, RSA key, int maxMessageBytes = 16 * 1024 * 1024)
    {
        Directory.CreateDirectory(_directory);
        var pem = Path.Combine(_directory, "kalshi.pem");
        File.WriteAllText(pem, key.ExportPkcs8PrivateKeyPem());
        Environment.SetEnvironmentVariable(_keyIdVariable, KeyId);
        DeadLetters = new DeadLetterStore(_directory, "kalshi-test");
        Connector = KalshiConnector.FromDefinition(Definition(endpoint, _keyIdVariable, pem), Sink, DeadLetters, time: SignerClock);
        Runner = new FeedRunner(Connector, ConnectorTestKit.FastOptions, () => Connector.NewTransport(maxMessageBytes), random: new Random(7));
        _states = new StateWatcher(Runner);
    }

    public static IReadOnlyList<byte[]> Trades => TradeLines.Value;
    public static IReadOnlyList<byte[]> TickerFrames => TickerLines.Value;

    /// <summary>The signer's clock: handshake timestamps are its milliseconds.</summary>
    public ManualTimeProvider SignerClock { get; } = new(SignerStart);
    public ObservedSink Sink { get; } = new();
    public DeadLetterStore DeadLetters { get; }
    public KalshiConnector Connector { get; }
    public FeedRunner Runner { get; }
    public List<FeedStateChange> Seen => _states.Seen;

    public Task<FeedStateChange> WaitForStateAsync(FeedState state, int nth = 1) => _states.WaitForStateAsync(state, nth);

    public static FeedDefinition Definition(Uri endpoint, string keyIdVariable, string pemFile) => new(
        "kalshi-test", "kalshi", "kalshi",
        new Dictionary<string, string> { ["websocket"] = endpoint.ToString() },
        Channels, Tickers,
        new Dictionary<string, CredentialReference>
        {
            ["key_id"] = new(keyIdVariable, null),
            ["private_key"] = new(null, pemFile),
        },
        TimeSpan.FromMinutes(1), 10_000, "feeds/kalshi-test.yaml");

    /// <summary>A server at <c>/ws</c> that answers 401 unless the handshake is signed by <paramref name="trusted"/> for <see cref="KeyId"/>.</summary>
    public static Task<WebSocketTestServer> StartServerAsync(RSA trusted, Func<ServerConnection, Task> script) =>
        WebSocketTestServer.StartAsync(script, admit: request => SignedBy(request, trusted));

    private static bool SignedBy(HttpRequest request, RSA trusted)
    {
        var keyId = request.Headers[KalshiSigner.KeyHeader].ToString();
        var timestamp = request.Headers[KalshiSigner.TimestampHeader].ToString();
        var signature = request.Headers[KalshiSigner.SignatureHeader].ToString();
        if (keyId != KeyId || timestamp.Length == 0 || signature.Length == 0) return false;
        try
        {
            return trusted.VerifyData(Encoding.UTF8.GetBytes(timestamp + "GET" + "/ws"), Convert.FromBase64String(signature), HashAlgorithmName.SHA256, RSASignaturePadding.Pss);
        }
        catch (FormatException)
        {
            return false;
        }
    }

    public static byte[] Subscribed(int id, string channel, long sid) =>
        Encoding.UTF8.GetBytes($$$"""{"id":{{{id}}},"type":"subscribed","msg":{"channel":"{{{channel}}}","sid":{{{sid}}}}}""");

    /// <summary>Kalshi's replies to <see cref="ExpectedSubscribe"/>: one <c>subscribed</c> per channel.</summary>
    public static byte[][] Acks() => [Subscribed(1, "ticker", TickerSid), Subscribed(1, "trade", TradeSid), Subscribed(1, "orderbook_delta", BookSid)];

    /// <summary>Yes bids 45×100, 46×250, 47×50; no bids 50×120 and 51×300 (yes asks at 0.50 and 0.49).</summary>
    public static byte[] Snapshot(long sid, int seq, string yes = "[[45,100],[46,250],[47,50]]", string no = "[[50,120],[51,300]]") =>
        Encoding.UTF8.GetBytes($$$"""{"type":"orderbook_snapshot","sid":{{{sid}}},"seq":{{{seq}}},"msg":{"market_ticker":"{{{BookTicker}}}","market_id":"m-1","yes":{{{yes}}},"no":{{{no}}}}}""");

    public static byte[] Delta(long sid, int seq, string side, int cents, int change) =>
        Encoding.UTF8.GetBytes($$$"""{"type":"orderbook_delta","sid":{{{sid}}},"seq":{{{seq}}},"msg":{"market_ticker":"{{{BookTicker}}}","market_id":"m-1","price":{{{cents}}},"delta":{{{change}}},"side":"{{{side}}}","ts":"2026-02-12T12:06:21Z"}}""");

    /// <summary>Bid 0.46 250 → 200, ask 0.49 (no 51) removed, bid 0.48 new at 10.</summary>
    public static byte[][] Deltas() => [Delta(BookSid, 2, "yes", 46, -50), Delta(BookSid, 3, "no", 51, -300), Delta(BookSid, 4, "yes", 48, 10)];

    /// <summary>The book after <see cref="Snapshot"/> and <see cref="Deltas"/>, best first.</summary>
    public static (BookLevel[] Bids, BookLevel[] Asks) ExpectedBook { get; } = (
        [new(48 * Cent, 10 * FixedPoint.Scale), new(47 * Cent, 50 * FixedPoint.Scale), new(46 * Cent, 200 * FixedPoint.Scale), new(45 * Cent, 100 * FixedPoint.Scale)],
        [new(50 * Cent, 120 * FixedPoint.Scale)]);

    /// <summary>What parsing <paramref name="frames"/> directly (one fresh parser) produces.</summary>
    public static RecordingSink ParseDirectly(IEnumerable<byte[]> frames)
    {
        var parser = new KalshiParser();
        var sink = new RecordingSink();
        foreach (var frame in frames) parser.Parse(frame, 1, sink, out _);
        return sink;
    }

    /// <summary>The book <paramref name="snapshot"/> and then <paramref name="deltas"/> make, best first.</summary>
    public static (BookLevel[] Bids, BookLevel[] Asks) Book(BookSnapshot snapshot, IEnumerable<(BookDelta Delta, bool End)> deltas)
    {
        var book = new OrderBook();
        book.Apply(snapshot);
        foreach (var (delta, _) in deltas) Assert.True(book.Apply(delta));
        var bids = new BookLevel[16];
        var asks = new BookLevel[16];
        return (bids[..book.GetBids(bids)], asks[..book.GetAsks(asks)]);
    }

    public static void AssertBook((BookLevel[] Bids, BookLevel[] Asks) expected, (BookLevel[] Bids, BookLevel[] Asks) actual)
    {
        Assert.Equal(expected.Bids, actual.Bids);
        Assert.Equal(expected.Asks, actual.Asks);
    }

    public async ValueTask DisposeAsync()
    {
        await Runner.DisposeAsync();
        Connector.Dispose();
        DeadLetters.Dispose();
        Environment.SetEnvironmentVariable(_keyIdVariable, null);
        Directory.Delete(_directory, recursive: true);
    }

    private static IReadOnlyList<byte[]> Lines(string name) =>
        File.ReadAllLines(SharedData.File(name)).Where(l => l.Length > 0).Select(Encoding.UTF8.GetBytes).ToList();
}
