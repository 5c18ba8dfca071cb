using Market.Core.Bus;
using Market.Core.Fanout;
using Market.Core.Feeds.Config;
using Market.Core.Feeds.Connectors;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Market.Core.Hosting;

/// <summary>
/// One feed as a hosted background service: on start it opens the feed's <see cref="FeedRecorder"/>,
/// makes its <see cref="FeedSource"/> and starts a <see cref="JournalPublisher"/> onto the bus
/// (<c>{env}.{feed}.{kind}.{symbol}</c>) at the journal's end; it runs the source until the host
/// stops (or the source ends, as a capture does); on stop it commits, lets the publisher drain
/// what is journaled and closes everything. Its figures are on the <see cref="FeedStatusBoard"/>.
/// </summary>
public sealed partial class FeedHostedService : BackgroundService
{
    private readonly FeedDefinition _feed;
    private readonly MarketCoreOptions _options;
    private readonly IBus _bus;
    private readonly FeedStatusBoard _board;
    private readonly ILogger _logger;
    private FeedRecorder? _recorder;
    private FeedSource? _source;
    private JournalPublisher? _publisher;
    private volatile string? _error;

    /// <summary>Creates a stopped service for <paramref name="feed"/>.</summary>
    /// <param name="feed">The feed, resolved for the environment.</param>
    /// <param name="options">Where to record and with what settings.</param>
    /// <param name="bus">Where records are published.</param>
    /// <param name="board">Where its status is posted.</param>
    /// <param name="logger">Its log.</param>
    public FeedHostedService(FeedDefinition feed, MarketCoreOptions options, IBus bus, FeedStatusBoard board, ILogger<FeedHostedService> logger)
    {
        ArgumentNullException.ThrowIfNull(feed);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(bus);
        ArgumentNullException.ThrowIfNull(board);
        ArgumentNullException.ThrowIfNull(logger);
        _feed = feed;
        _options = options;
        _bus = bus;
        _board = board;
        _logger = logger;
    }

    /// <summary>The feed this service records.</summary>
    public FeedDefinition Feed => _feed;

    /// <summary>The feed's journal while running (between start and stop); null otherwise. What <see cref="Fanout.JournalReadService"/> reads.</summary>
    public Journal.IJournal? Journal => _recorder?.Journal;

    /// <summary>The feed's source once started (its state, and for the sim its venue).</summary>
    public FeedSource? Source => _source;

    /// <summary>Opens the recorder, makes the source, starts the publisher, then runs the source in the background.</summary>
    /// <param name="cancellationToken">Aborts the start.</param>
    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        var time = _options.Sources.Time ?? TimeProvider.System;
        _recorder = FeedRecorder.Open(FeedSources.RecorderOptions(_feed, _options.DataDirectory, _options.Environment, _options.Journal), time);
        try
        {
            _source = FeedSources.Create(_feed, _recorder, _options.Sources);
        }
        catch
        {
            _recorder.Dispose();
            _recorder = null;
            throw;
        }
        _source.StateChanged = change => LogState(_feed.Name, change.State, change.Reason);
        _publisher = new JournalPublisher(_recorder.Journal, _bus, _options.Environment, _recorder.Journal.LastSequence + 1);
        _publisher.Start(CancellationToken.None);
        var recorder = _recorder;
        var source = _source;
        var publisher = _publisher;
        _board.Post(_feed.Name, () => recorder.Status(_feed.Kind, source.State, publisher.Published, _error));
        LogStarted(_feed.Name, _feed.Kind, recorder.Options.JournalDirectory, $"{_options.Environment}.{_feed.Name}.>");
        await base.StartAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Off the host's start path: a full-speed replay never yields on its own.
        await Task.Yield();
        try
        {
            await _source!.RunAsync(stoppingToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            _error = e.Message;
            LogFailed(e, _feed.Name);
            throw;
        }
    }

    /// <summary>Stops the source, lets the publisher drain what is journaled, then closes the feed; its final figures stay on the board.</summary>
    /// <param name="cancellationToken">Cuts the drain short.</param>
    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        try
        {
            await base.StopAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            await CloseAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task CloseAsync(CancellationToken cancellationToken)
    {
        if (_recorder is null || _publisher is null || _source is null) return;
        var recorder = _recorder;
        _recorder = null;
        try
        {
            var caughtUp = _publisher.WaitForPublishedAsync(recorder.Journal.LastSequence, cancellationToken);
            await Task.WhenAny(caughtUp, _publisher.Completion).WaitAsync(_options.DrainTimeout, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is TimeoutException or OperationCanceledException)
        {
            // What was not published stays in the journal; subscribers catch up from there.
        }
        await _publisher.StopAsync().ConfigureAwait(false);
        var final = recorder.Status(_feed.Kind, FeedState.Stopped, _publisher.Published, _error);
        _board.Post(_feed.Name, () => final);
        await _publisher.DisposeAsync().ConfigureAwait(false);
        await _source.DisposeAsync().ConfigureAwait(false);
        recorder.Dispose();
        LogStopped(_feed.Name, final.Events, final.LastSequence);
    }

    /// <inheritdoc/>
    public override void Dispose()
    {
        // Normally StopAsync closed everything; this covers a host that never stopped us.
        if (_recorder is not null) CloseAsync(CancellationToken.None).GetAwaiter().GetResult();
        base.Dispose();
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "feed {Feed} ({Kind}) recording into {Directory}, publishing on {Subjects}")]
    private partial void LogStarted(string feed, string kind, string directory, string subjects);

    [LoggerMessage(Level = LogLevel.Information, Message = "feed {Feed}: {State} ({Reason})")]
    private partial void LogState(string feed, FeedState state, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "feed {Feed} failed")]
    private partial void LogFailed(Exception exception, string feed);

    [LoggerMessage(Level = LogLevel.Information, Message = "feed {Feed} stopped after {Events} events; last_seq={LastSequence}")]
    private partial void LogStopped(string feed, long events, long lastSequence);
}
