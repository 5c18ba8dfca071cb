using Market.Core.Feeds.Connectors;
using Market.Core.Journal;

namespace Market.Core.Hosting;

/// <summary>What <see cref="MarketCoreServiceCollectionExtensions.AddMarketCore"/> hosts; set in its configure callback, validated there.</summary>
public sealed class MarketCoreOptions
{
    /// <summary>Where journals live: <c>{DataDirectory}/{Environment}/{feed}</c>.</summary>
    public string DataDirectory { get; set; } = "./data";

    /// <summary>The environment: the journal folder, the first subject token, and (without <see cref="FeedFiles"/>) whose feed list runs.</summary>
    public string Environment { get; set; } = "dev";

    /// <summary>The folder holding <c>feeds/</c> and <c>environments/</c>.</summary>
    public string ConfigRoot { get; set; } = ".";

    /// <summary>Feed files to run as written (no environment overrides); empty runs the environment's feeds.</summary>
    public IList<string> FeedFiles { get; } = [];

    /// <summary>Journal settings of every feed; null for the defaults.</summary>
    public JournalOptions? Journal { get; set; }

    /// <summary>Clock, transports, venue connection limits and sim rate for every feed.</summary>
    public FeedSourceSettings Sources { get; set; } = new();

    /// <summary>How long stopping waits for each feed's publisher to publish what is journaled.</summary>
    public TimeSpan DrainTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Venue connection settings (a shortcut for <see cref="FeedSourceSettings.Runner"/>).</summary>
    public FeedRunnerOptions? Runner
    {
        get => Sources.Runner;
        set => Sources = Sources with { Runner = value };
    }
}
