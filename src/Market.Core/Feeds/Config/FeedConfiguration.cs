using System.Globalization;
using Market.Core.Feeds.Capture;
using Market.Core.Time;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Market.Core.Feeds.Config;

/// <summary>
/// Feeds and environments as kept in git: <c>feeds/*.yaml</c> and <c>environments/*.yaml</c>.
/// Everything is checked on load (unknown keys, missing keys, connector kinds and channels,
/// credentials only by reference, environments naming feeds that exist), so configuration that
/// cannot work fails at start-up with the file and line, not hours later.
/// </summary>
public sealed class FeedConfiguration
{
    private static readonly string[] FeedKeys = ["feed", "kind", "venue", "endpoints", "channels", "symbols", "credentials", "checkpoint", "replay"];
    private static readonly string[] EnvironmentKeys = ["environment", "feeds", "overrides"];

    private FeedConfiguration(IReadOnlyList<FeedDefinition> feeds, IReadOnlyList<EnvironmentDefinition> environments, IReadOnlyList<ConfigError> errors)
    {
        Feeds = feeds;
        Environments = environments;
        Errors = errors;
    }

    /// <summary>Every feed that loaded.</summary>
    public IReadOnlyList<FeedDefinition> Feeds { get; }

    /// <summary>Every environment that loaded.</summary>
    public IReadOnlyList<EnvironmentDefinition> Environments { get; }

    /// <summary>Every problem found, in file order; empty when the configuration is valid.</summary>
    public IReadOnlyList<ConfigError> Errors { get; }

    /// <summary>Loads <c>{root}/feeds/*.yaml</c> and <c>{root}/environments/*.yaml</c>.</summary>
    public static FeedConfiguration Load(string root)
    {
        var errors = new List<ConfigError>();
        var feeds = new List<FeedDefinition>();
        var environments = new List<EnvironmentDefinition>();
        foreach (var file in Files(root, "feeds"))
        {
            if (Parse(file, errors) is { } doc && ReadFeed(doc, file, errors) is { } feed) feeds.Add(feed);
        }
        foreach (var file in Files(root, "environments"))
        {
            if (Parse(file, errors) is { } doc && ReadEnvironment(doc, file, errors) is { } environment) environments.Add(environment);
        }
        // An environment may name a feed whose file failed to load: that file's own errors say why.
        var feedFiles = Files(root, "feeds").Select(Path.GetFileNameWithoutExtension).OfType<string>().ToHashSet(StringComparer.Ordinal);
        CheckReferences(feedFiles, environments, errors);
        return new FeedConfiguration(feeds, environments, errors);
    }

    /// <summary>
    /// Loads the given feed files only (no environments), e.g. for <c>deepwater core --feeds</c>;
    /// a missing file is an error like any other.
    /// </summary>
    public static FeedConfiguration LoadFeeds(IEnumerable<string> files)
    {
        ArgumentNullException.ThrowIfNull(files);
        var errors = new List<ConfigError>();
        var feeds = new List<FeedDefinition>();
        foreach (var file in files)
        {
            if (!File.Exists(file))
            {
                errors.Add(new ConfigError(file, 1, 1, "no such feed file"));
                continue;
            }
            if (Parse(file, errors) is { } doc && ReadFeed(doc, file, errors) is { } feed) feeds.Add(feed);
        }
        foreach (var duplicate in feeds.GroupBy(f => f.Name).Where(g => g.Count() > 1))
        {
            errors.Add(new ConfigError(duplicate.Last().Source, 1, 1, $"feed '{duplicate.Key}' is given twice"));
        }
        return new FeedConfiguration(feeds, [], errors);
    }

    /// <summary>A feed with the endpoint overrides of <paramref name="environment"/> applied.</summary>
    public FeedDefinition Resolve(string feed, string environment)
    {
        var definition = Feeds.FirstOrDefault(f => f.Name == feed) ?? throw new KeyNotFoundException($"no feed '{feed}' (known: {string.Join(", ", Feeds.Select(f => f.Name))})");
        var env = Environments.FirstOrDefault(e => e.Name == environment) ?? throw new KeyNotFoundException($"no environment '{environment}' (known: {string.Join(", ", Environments.Select(e => e.Name))})");
        if (!env.EndpointOverrides.TryGetValue(feed, out var overrides)) return definition;
        var endpoints = new Dictionary<string, string>(definition.Endpoints, StringComparer.Ordinal);
        foreach (var (name, url) in overrides) endpoints[name] = url;
        return definition with { Endpoints = endpoints };
    }

    private static IEnumerable<string> Files(string root, string folder)
    {
        var dir = Path.Combine(root, folder);
        return Directory.Exists(dir) ? Directory.EnumerateFiles(dir, "*.yaml").Order(StringComparer.Ordinal) : [];
    }

    private static YamlMappingNode? Parse(string file, List<ConfigError> errors)
    {
        var stream = new YamlStream();
        try
        {
            using var reader = new StreamReader(file);
            stream.Load(reader);
        }
        catch (YamlException e)
        {
            errors.Add(new ConfigError(file, (int)e.Start.Line, (int)e.Start.Column, $"not valid YAML: {e.Message}"));
            return null;
        }
        if (stream.Documents.Count == 1 && stream.Documents[0].RootNode is YamlMappingNode root) return root;
        errors.Add(new ConfigError(file, 1, 1, "expected one YAML document holding a mapping"));
        return null;
    }

    private static FeedDefinition? ReadFeed(YamlMappingNode node, string file, List<ConfigError> errors)
    {
        var count = errors.Count;
        var map = new YamlMap(node, file, errors, FeedKeys);
        var name = map.String("feed", required: true);
        var kind = map.String("kind", required: true);
        var venue = map.String("venue") ?? kind ?? "";
        var endpoints = map.StringMap("endpoints");
        var channels = map.Strings("channels");
        var symbols = map.Strings("symbols", required: kind is not "capture");
        if (name is not null && name != Path.GetFileNameWithoutExtension(file))
        {
            map.Error(map["feed"]!, $"feed '{name}' must live in {name}.yaml");
        }
        if (name is not null && (name.Contains('.', StringComparison.Ordinal) || name.Contains('/', StringComparison.Ordinal)))
        {
            map.Error(map["feed"]!, $"feed name '{name}' must not contain '.' or '/' (it is a folder and a subject token)");
        }
        if (kind is not null && !ConnectorKinds.Channels.TryGetValue(kind, out _))
        {
            map.Error(map["kind"]!, $"unknown kind '{kind}' (expected one of: {string.Join(", ", ConnectorKinds.Channels.Keys)})");
        }
        else if (kind is not null)
        {
            var known = ConnectorKinds.Channels[kind];
            foreach (var channel in channels.Where(c => !known.Contains(c)))
            {
                map.Error(map["channels"]!, $"kind '{kind}' has no channel '{channel}' (it has: {string.Join(", ", known)})");
            }
            if (ConnectorKinds.Venues.TryGetValue(kind, out var venues) && map["venue"] is { } venueNode && !venues.Contains(venue))
            {
                map.Error(venueNode, $"kind '{kind}' has no venue '{venue}' (it has: {string.Join(", ", venues)})");
            }
            if (ConnectorKinds.NeedWebSocket.Contains(kind) && !endpoints.ContainsKey("websocket"))
            {
                map.Error(node, $"kind '{kind}' needs endpoints.websocket");
            }
        }
        var credentials = ReadCredentials(map, file, errors);
        var (every, deltas) = ReadCheckpoint(map, file, errors);
        var (replayVenue, speed) = ReadReplay(map, node, kind, endpoints, file, errors);
        return errors.Count > count || name is null || kind is null
            ? null
            : new FeedDefinition(name, kind, venue, endpoints, channels, symbols, credentials, every, deltas, file) { ReplayVenue = replayVenue, ReplaySpeed = speed };
    }

    /// <summary>A capture feed's <c>endpoints.capture</c> file and <c>replay: { venue, speed }</c>; other kinds take no replay.</summary>
    private static (CaptureVenue? Venue, double Speed) ReadReplay(YamlMap map, YamlMappingNode node, string? kind, Dictionary<string, string> endpoints, string file, List<ConfigError> errors)
    {
        if (kind is not "capture")
        {
            if (map["replay"] is { } stray) map.Error(stray, $"replay is only for kind 'capture', not '{kind}'");
            return (null, 1);
        }
        if (!endpoints.ContainsKey("capture")) map.Error(node, "kind 'capture' needs endpoints.capture (the capture file, relative to the configuration root)");
        var replay = YamlMap.Of(map["replay"], file, errors, "replay", "venue", "speed");
        if (replay is null)
        {
            if (map["replay"] is null) map.Error(node, "kind 'capture' needs replay.venue (coinbase, binance or kalshi)");
            return (null, 1);
        }
        CaptureVenue? venue = null;
        var venueText = replay.String("venue", required: true);
        if (venueText is not null)
        {
            if (Enum.TryParse<CaptureVenue>(venueText, ignoreCase: true, out var parsed) && Enum.IsDefined(parsed) && !venueText.All(char.IsAsciiDigit)) venue = parsed;
            else replay.Error(replay["venue"]!, $"replay.venue: unknown venue '{venueText}' (expected one of: coinbase, binance, kalshi)");
        }
        var speed = 1.0;
        if (replay.String("speed") is { } speedText
            && (!double.TryParse(speedText, NumberStyles.Float, CultureInfo.InvariantCulture, out speed) || !double.IsFinite(speed) || speed < 0))
        {
            replay.Error(replay["speed"]!, $"replay.speed must be 0 (full speed) or a positive multiple of the original pace (got '{speedText}')");
            speed = 1;
        }
        return (venue, speed);
    }

    private static Dictionary<string, CredentialReference> ReadCredentials(YamlMap map, string file, List<ConfigError> errors)
    {
        var credentials = new Dictionary<string, CredentialReference>(StringComparer.Ordinal);
        foreach (var (key, value) in map.Entries("credentials"))
        {
            if (value is YamlScalarNode)
            {
                // Never echo the value: it may be the secret itself.
                errors.Add(YamlMap.At(file, value, $"credential '{key}' must be a reference ({{ env: NAME }} or {{ file: PATH }}), never the secret itself"));
                continue;
            }
            var reference = YamlMap.Of(value, file, errors, $"credential '{key}'", "env", "file");
            if (reference is null) continue;
            var env = reference.String("env");
            var path = reference.String("file");
            if ((env is null) == (path is null))
            {
                reference.Error(value, $"credential '{key}' needs exactly one of env or file");
                continue;
            }
            credentials[key] = new CredentialReference(env, path);
        }
        return credentials;
    }

    private static (TimeSpan Every, long Deltas) ReadCheckpoint(YamlMap map, string file, List<ConfigError> errors)
    {
        var checkpoint = YamlMap.Of(map["checkpoint"], file, errors, "checkpoint", "every", "deltas");
        var every = TimeSpan.FromSeconds(10);
        long deltas = 50_000;
        if (checkpoint?.String("every") is { } text)
        {
            if (TimeExpression.TryParseDuration(text, out var nanos, out var error) && nanos > 0) every = TimeSpan.FromTicks(nanos / 100);
            else checkpoint.Error(checkpoint["every"]!, $"checkpoint.every: {(error.Length > 0 ? error : "must be positive")}");
        }
        if (checkpoint?.String("deltas") is { } count && (!long.TryParse(count, CultureInfo.InvariantCulture, out deltas) || deltas <= 0))
        {
            checkpoint.Error(checkpoint["deltas"]!, $"checkpoint.deltas must be a positive whole number (got '{count}')");
        }
        return (every, deltas);
    }

    private static EnvironmentDefinition? ReadEnvironment(YamlMappingNode node, string file, List<ConfigError> errors)
    {
        var count = errors.Count;
        var map = new YamlMap(node, file, errors, EnvironmentKeys);
        var name = map.String("environment", required: true);
        if (name is not null && name != Path.GetFileNameWithoutExtension(file))
        {
            map.Error(map["environment"]!, $"environment '{name}' must live in {name}.yaml");
        }
        var feeds = map.Strings("feeds", required: true);
        var positions = new Dictionary<string, (int, int)>(StringComparer.Ordinal);
        if (map["feeds"] is YamlSequenceNode list)
        {
            foreach (var item in list.OfType<YamlScalarNode>()) positions.TryAdd(item.Value ?? "", ((int)item.Start.Line, (int)item.Start.Column));
        }
        var overrides = new Dictionary<string, IReadOnlyDictionary<string, string>>(StringComparer.Ordinal);
        foreach (var (feed, value) in map.Entries("overrides"))
        {
            positions.TryAdd("overrides." + feed, ((int)value.Start.Line, (int)value.Start.Column));
            if (YamlMap.Of(value, file, errors, $"overrides.{feed}", "endpoints") is { } entry) overrides[feed] = entry.StringMap("endpoints");
        }
        return errors.Count > count || name is null ? null : new EnvironmentDefinition(name, feeds, overrides, file) { Positions = positions };
    }

    private static void CheckReferences(HashSet<string> known, List<EnvironmentDefinition> environments, List<ConfigError> errors)
    {
        foreach (var environment in environments)
        {
            ConfigError At(string key, string message)
            {
                var (line, column) = environment.Positions.TryGetValue(key, out var p) ? p : (1, 1);
                return new ConfigError(environment.Source, line, column, message);
            }
            foreach (var feed in environment.Feeds.Where(f => !known.Contains(f)))
            {
                errors.Add(At(feed, $"environment '{environment.Name}' names feed '{feed}', which has no feeds/{feed}.yaml"));
            }
            foreach (var feed in environment.EndpointOverrides.Keys.Where(f => !environment.Feeds.Contains(f)))
            {
                errors.Add(At("overrides." + feed, $"environment '{environment.Name}' overrides feed '{feed}', which it does not run"));
            }
            foreach (var duplicate in environment.Feeds.GroupBy(f => f).Where(g => g.Count() > 1))
            {
                errors.Add(At(duplicate.Key, $"environment '{environment.Name}' lists feed '{duplicate.Key}' twice"));
            }
        }
    }
}
