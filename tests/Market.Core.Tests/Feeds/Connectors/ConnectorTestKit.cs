using Market.Core.Feeds;
using Market.Core.Feeds.Capture;
using Market.Core.Feeds.Coinbase;
using Market.Core.Feeds.Connectors;
using Market.Core.Tests.Support;

namespace Market.Core.Tests.Feeds.Connectors;

/// <summary>The capture's frames, expected counts, and a connector + runner wired to a test server.</summary>
public sealed class ConnectorTestKit : IAsyncDisposable
{
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);
    public static readonly string[] Channels = ["market_trades", "level2", "ticker"];
    public static readonly string[] Products = ["BTC-USD", "ETH-USD"];

    private static readonly Lazy<IReadOnlyList<byte[]>> CaptureFrames = new(() =>
        CaptureReader.Read(SharedData.File("coinbase_advanced_trade_ws.jsonl")).Where(f => f.Type == "recv").Select(f => f.Data).ToList());

    private readonly StateWatcher _states;
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "dw-connector-" + Guid.NewGuid().ToString("N"));

    public ConnectorTestKit(Uri endpoint, FeedRunnerOptions? options = null, int maxMessageBytes = 16 * 1024 * 1024)
    {
        DeadLetters = new DeadLetterStore(_directory, "coinbase-test");
        Connector = new CoinbaseConnector("coinbase-test", endpoint, Channels, Products, Sink, DeadLetters);
        Runner = new FeedRunner(Connector, options ?? FastOptions, () => new WebSocketTransport(maxMessageBytes), random: new Random(7));
        _states = new StateWatcher(Runner);
    }

    public static IReadOnlyList<byte[]> Frames => CaptureFrames.Value;

    /// <summary>Backoff in milliseconds and no practical rate limit: tests wait on state changes, not on policy.</summary>
    public static FeedRunnerOptions FastOptions { get; } = new()
    {
        BackoffBase = TimeSpan.FromMilliseconds(10),
        BackoffMax = TimeSpan.FromMilliseconds(100),
        MaxConnectsPerWindow = 1000,
    };

    public ObservedSink Sink { get; } = new();
    public DeadLetterStore DeadLetters { get; }
    public CoinbaseConnector Connector { get; }
    public FeedRunner Runner { get; }
    public List<FeedStateChange> Seen => _states.Seen;

    /// <summary>What parsing <paramref name="frames"/> directly (one fresh parser) produces.</summary>
    public static RecordingSink ParseDirectly(IEnumerable<byte[]> frames)
    {
        var parser = new CoinbaseParser();
        var sink = new RecordingSink();
        foreach (var frame in frames) parser.Parse(frame, 1, sink, out _);
        return sink;
    }

    /// <summary>Reads state changes until one matches (the <paramref name="nth"/> such), keeping all it read.</summary>
    public Task<FeedStateChange> WaitForStateAsync(FeedState state, int nth = 1) => _states.WaitForStateAsync(state, nth);

    /// <summary>Reads state changes until the <paramref name="nth"/> one matching <paramref name="match"/>.</summary>
    public Task<FeedStateChange> WaitForStateAsync(Func<FeedStateChange, bool> match, string what, int nth = 1) => _states.WaitForStateAsync(match, what, nth);

    public async ValueTask DisposeAsync()
    {
        await Runner.DisposeAsync();
        DeadLetters.Dispose();
        Directory.Delete(_directory, recursive: true);
    }
}
