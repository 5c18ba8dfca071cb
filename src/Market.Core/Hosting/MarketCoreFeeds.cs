using Market.Core.Feeds.Config;

namespace Market.Core.Hosting;

/// <summary>Which feeds the market core runs, from its options: checked whole at start, every problem with its file and line.</summary>
public static class MarketCoreFeeds
{
    /// <summary>The feeds to run: the given feed files, or the environment's feeds with its overrides applied.</summary>
    /// <param name="options">The options.</param>
    /// <exception cref="MarketCoreConfigurationException">Anything that cannot work, all of it listed.</exception>
    public static IReadOnlyList<FeedDefinition> Resolve(MarketCoreOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<ConfigError>();
        IReadOnlyList<FeedDefinition> feeds;
        if (options.FeedFiles.Count > 0)
        {
            var config = FeedConfiguration.LoadFeeds(options.FeedFiles);
            errors.AddRange(config.Errors);
            feeds = config.Feeds;
        }
        else
        {
            var root = Path.GetFullPath(options.ConfigRoot);
            if (!Directory.Exists(Path.Combine(root, "feeds"))) throw new MarketCoreConfigurationException($"no feeds/ folder in {root} (set the configuration root)");
            var config = FeedConfiguration.Load(root);
            errors.AddRange(config.Errors);
            var environment = config.Environments.FirstOrDefault(e => e.Name == options.Environment);
            if (environment is null)
            {
                if (errors.Count == 0)
                {
                    throw new MarketCoreConfigurationException(
                        $"no environment '{options.Environment}' in {Path.Combine(root, "environments")} (known: {string.Join(", ", config.Environments.Select(e => e.Name))})");
                }
                feeds = [];
            }
            else
            {
                feeds = [.. environment.Feeds.Where(f => config.Feeds.Any(d => d.Name == f)).Select(f => config.Resolve(f, environment.Name))];
            }
        }
        foreach (var feed in feeds) Check(feed, errors);
        if (errors.Count > 0) throw new MarketCoreConfigurationException(errors);
        if (feeds.Count == 0) throw new MarketCoreConfigurationException("no feeds to run");
        return feeds;
    }

    /// <summary>What the files alone cannot say: the capture file exists. (Whether a kind has a source is <see cref="FeedSources.Create"/>'s to say.)</summary>
    private static void Check(FeedDefinition feed, List<ConfigError> errors)
    {
        if (feed.Kind == "capture" && feed.Endpoints.ContainsKey("capture") && !File.Exists(FeedSources.CapturePath(feed)))
        {
            errors.Add(new ConfigError(feed.Source, 1, 1, $"feed '{feed.Name}': capture file {FeedSources.CapturePath(feed)} does not exist"));
        }
    }
}
