using Market.Core.Feeds.Binance;
using Market.Core.Feeds.Capture;

namespace Market.Core.Feeds.Config;

/// <summary>The connector kinds Deepwater has, and the channels each understands.</summary>
public static class ConnectorKinds
{
    /// <summary>Channels per connector kind; an empty set means the kind takes no channel list.</summary>
    public static IReadOnlyDictionary<string, IReadOnlySet<string>> Channels { get; } = new Dictionary<string, IReadOnlySet<string>>(StringComparer.Ordinal)
    {
        ["sim"] = new HashSet<string>(StringComparer.Ordinal) { "trades", "book", "quotes" },
        ["coinbase"] = new HashSet<string>(StringComparer.Ordinal) { "market_trades", "level2", "ticker", "heartbeats" },
        ["binance"] = new HashSet<string>(StringComparer.Ordinal) { "trade", "aggTrade", "depth", "bookTicker" },
        ["kalshi"] = new HashSet<string>(StringComparer.Ordinal) { "orderbook_delta", "trade", "ticker" },
        ["capture"] = new HashSet<string>(StringComparer.Ordinal),
    };

    /// <summary>
    /// Kinds whose <c>venue</c> picks what the connector connects to, and the venues each accepts;
    /// a kind not listed takes any venue (it is only a label).
    /// </summary>
    public static IReadOnlyDictionary<string, IReadOnlySet<string>> Venues { get; } = new Dictionary<string, IReadOnlySet<string>>(StringComparer.Ordinal)
    {
        ["binance"] = BinanceVenues.All,
    };

    /// <summary>Kinds that connect to a venue and so need a WebSocket endpoint.</summary>
    public static IReadOnlySet<string> NeedWebSocket { get; } = new HashSet<string>(StringComparer.Ordinal) { "coinbase", "binance", "kalshi" };
}

/// <summary>A secret named by reference only: an environment variable or a file path, never its value.</summary>
/// <param name="Environment">The environment variable that holds it, or null.</param>
/// <param name="File">The file that holds it, or null.</param>
public sealed record CredentialReference(string? Environment, string? File)
{
    /// <summary>How the reference reads in YAML and in output; the secret itself is never shown.</summary>
    public override string ToString() => Environment is not null ? $"env:{Environment}" : $"file:{File}";
}

/// <summary>One feed as declared in <c>feeds/{name}.yaml</c>.</summary>
/// <param name="Name">The feed's name (the journal folder, the subject token).</param>
/// <param name="Kind">Which connector runs it: sim, coinbase, binance, kalshi, capture.</param>
/// <param name="Venue">The venue it records; for <c>binance</c> also the market (<c>binance-spot</c> or <c>binance-futures</c>, the default).</param>
/// <param name="Endpoints">Named endpoints (websocket, rest, capture file), each overridable per environment.</param>
/// <param name="Channels">Venue channels to subscribe to.</param>
/// <param name="Symbols">Venue symbols to subscribe to.</param>
/// <param name="Credentials">Secrets by reference.</param>
/// <param name="CheckpointEvery">Book checkpoint period (receive time).</param>
/// <param name="CheckpointDeltas">Book checkpoint after this many deltas.</param>
/// <param name="Source">The file it was read from.</param>
public sealed record FeedDefinition(
    string Name,
    string Kind,
    string Venue,
    IReadOnlyDictionary<string, string> Endpoints,
    IReadOnlyList<string> Channels,
    IReadOnlyList<string> Symbols,
    IReadOnlyDictionary<string, CredentialReference> Credentials,
    TimeSpan CheckpointEvery,
    long CheckpointDeltas,
    string Source)
{
    /// <summary>For a <c>capture</c> feed: whose parser reads the file (<c>replay.venue</c>).</summary>
    public CaptureVenue? ReplayVenue { get; init; }

    /// <summary>For a <c>capture</c> feed: 1 is the original pace, N is N× faster, 0 is full speed (<c>replay.speed</c>, default 1).</summary>
    public double ReplaySpeed { get; init; } = 1;

    /// <summary>
    /// The folder relative paths in this feed's file are resolved against: the folder holding
    /// <c>feeds/</c> when the file lives in one (the configuration root), else the file's own folder.
    /// </summary>
    public string ConfigRoot
    {
        get
        {
            var folder = Path.GetDirectoryName(Path.GetFullPath(Source)) ?? ".";
            return Path.GetFileName(folder) == "feeds" ? Path.GetDirectoryName(folder) ?? folder : folder;
        }
    }

    /// <summary>A path from this feed's file as an absolute path: <c>~/</c> is the home folder, a relative path is against <see cref="ConfigRoot"/>.</summary>
    public string ResolvePath(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (path.StartsWith("~/", StringComparison.Ordinal)) return Path.Combine(System.Environment.GetFolderPath(System.Environment.SpecialFolder.UserProfile), path[2..]);
        return Path.GetFullPath(path, ConfigRoot);
    }
}

/// <summary>One environment as declared in <c>environments/{name}.yaml</c>.</summary>
/// <param name="Name">The environment's name (the folder under the data directory, the first subject token).</param>
/// <param name="Feeds">The feeds it runs.</param>
/// <param name="EndpointOverrides">Per feed, endpoints that replace the feed's own (e.g. a local test server).</param>
/// <param name="Source">The file it was read from.</param>
public sealed record EnvironmentDefinition(
    string Name,
    IReadOnlyList<string> Feeds,
    IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> EndpointOverrides,
    string Source)
{
    /// <summary>Where each feed name and override stands in the file, for errors found across files.</summary>
    internal IReadOnlyDictionary<string, (int Line, int Column)> Positions { get; init; } = new Dictionary<string, (int, int)>();
}

/// <summary>A problem in a configuration file, located to the line and column.</summary>
public sealed record ConfigError(string File, int Line, int Column, string Message)
{
    /// <summary><c>file:line:column: message</c>, as compilers print it.</summary>
    public override string ToString() => $"{File}:{Line}:{Column}: {Message}";
}
