using Market.Core.Books;
using Market.Core.Feeds.Binance;
using Market.Core.Feeds.Coinbase;
using Market.Core.Feeds.Config;
using Market.Core.Feeds.Connectors;
using Market.Core.Feeds.Kalshi;
using Market.Core.Feeds.Sim;

namespace Market.Core.Hosting;

/// <summary>The one place a feed's kind becomes the thing that drives its recorder.</summary>
public static class FeedSources
{
    /// <summary>
    /// Whether the recorder checks venue sequences itself: only the sim's step by one per
    /// instrument; every venue parser checks its own venue's sequence and emits gaps.
    /// </summary>
    /// <param name="kind">The feed's kind.</param>
    public static bool RecorderChecksSequences(string kind) => kind == "sim";

    /// <summary>The recorder settings for a feed: its journal folder, checkpoint settings and sequence checking.</summary>
    /// <param name="feed">The feed.</param>
    /// <param name="dataDirectory">Where journals live.</param>
    /// <param name="environment">The environment folder.</param>
    /// <param name="journal">Journal settings; null for the defaults.</param>
    public static FeedRecorderOptions RecorderOptions(FeedDefinition feed, string dataDirectory, string environment, Journal.JournalOptions? journal = null)
    {
        ArgumentNullException.ThrowIfNull(feed);
        var checkpoints = new BookCheckpointOptions(feed.CheckpointDeltas, feed.CheckpointEvery.Ticks * 100);
        return new FeedRecorderOptions(dataDirectory, environment, feed.Name, checkpoints, journal, RecorderChecksSequences(feed.Kind));
    }

    /// <summary>Makes the source of <paramref name="feed"/>, writing to <paramref name="recorder"/>.</summary>
    /// <param name="feed">The feed as configured (environment overrides applied).</param>
    /// <param name="recorder">Its recorder, opened with <see cref="RecorderOptions"/>.</param>
    /// <param name="settings">Process-wide settings (clock, transports, sim rate); null for the defaults.</param>
    /// <exception cref="NotSupportedException">The kind has no source yet.</exception>
    /// <exception cref="ArgumentException">The feed lacks something its kind needs.</exception>
    public static FeedSource Create(FeedDefinition feed, FeedRecorder recorder, FeedSourceSettings? settings = null)
    {
        ArgumentNullException.ThrowIfNull(feed);
        ArgumentNullException.ThrowIfNull(recorder);
        settings ??= new FeedSourceSettings();
        var time = settings.Time ?? TimeProvider.System;
        var runner = settings.Runner ?? new FeedRunnerOptions();
        var transport = settings.NewTransport ?? (() => new WebSocketTransport());
        return feed.Kind switch
        {
            "sim" => new SimFeedSource(recorder, new SimOptions(Seed: settings.SimSeed, Symbols: feed.Symbols.Count > 0 ? feed.Symbols : null), settings.SimRate, null, time),
            "coinbase" => new ConnectorFeedSource(recorder, CoinbaseConnector.FromDefinition(feed, recorder.Sink, recorder.DeadLetters, recorder.Metrics), runner, transport, time),
            "binance" => new ConnectorFeedSource(recorder, BinanceConnector.FromDefinition(feed, recorder.Sink, recorder.DeadLetters, settings.Http, recorder.Metrics), runner, transport, time),
            "capture" => new CaptureFeedSource(recorder, CapturePath(feed), feed.ReplayVenue ?? throw new ArgumentException($"capture feed '{feed.Name}' has no replay.venue", nameof(feed)), feed.ReplaySpeed, time),
            "kalshi" => Kalshi(feed, recorder, runner, settings.NewTransport, time),
            _ => throw new NotSupportedException($"feed '{feed.Name}': no source for kind '{feed.Kind}'"),
        };
    }

    /// <summary>Kalshi signs every handshake, so its transports come from the connector unless a test supplies its own.</summary>
    private static ConnectorFeedSource Kalshi(FeedDefinition feed, FeedRecorder recorder, FeedRunnerOptions runner, Func<IFeedTransport>? newTransport, TimeProvider time)
    {
        var connector = KalshiConnector.FromDefinition(feed, recorder.Sink, recorder.DeadLetters, recorder.Metrics, time);
        return new ConnectorFeedSource(recorder, connector, runner, newTransport ?? (() => connector.NewTransport()), time);
    }

    /// <summary>A capture feed's file, resolved against its configuration root.</summary>
    /// <param name="feed">A <c>capture</c> feed.</param>
    /// <exception cref="ArgumentException">It has no <c>endpoints.capture</c>.</exception>
    public static string CapturePath(FeedDefinition feed)
    {
        ArgumentNullException.ThrowIfNull(feed);
        return feed.Endpoints.TryGetValue("capture", out var path)
            ? feed.ResolvePath(path)
            : throw new ArgumentException($"capture feed '{feed.Name}' has no endpoints.capture", nameof(feed));
    }
}

/// <summary>Process-wide settings for <see cref="FeedSources.Create"/>.</summary>
/// <param name="Time">The clock for receive times, pacing and liveness; null for the system clock.</param>
/// <param name="Runner">Liveness, backoff and reconnect limits of venue connections; null for the defaults.</param>
/// <param name="NewTransport">Makes a transport per connection; null for a <see cref="WebSocketTransport"/>.</param>
/// <param name="Http">The HTTP client for REST snapshots (Binance); null for a shared one.</param>
/// <param name="SimRate">Events per second of a sim feed; 0 runs flat out.</param>
/// <param name="SimSeed">The sim's seed.</param>
public sealed record FeedSourceSettings(
    TimeProvider? Time = null,
    FeedRunnerOptions? Runner = null,
    Func<IFeedTransport>? NewTransport = null,
    HttpClient? Http = null,
    long SimRate = 10_000,
    int SimSeed = 1);
