using Market.Core.Feeds.Connectors;

namespace Market.Core.Hosting;

/// <summary>
/// A venue feed: its connector behind a <see cref="FeedRunner"/> (connect, subscribe, liveness,
/// backoff), with the journal committed after every message the connector handles.
/// </summary>
internal sealed class ConnectorFeedSource : FeedSource
{
    private readonly FeedRunner _runner;
    private readonly IFeedConnector _connector;

    /// <param name="recorder">Where the connector's events go (it was made with the recorder's sink and metrics).</param>
    /// <param name="connector">The venue half.</param>
    /// <param name="options">Liveness, backoff and rate limits.</param>
    /// <param name="newTransport">A fresh transport per connection.</param>
    /// <param name="time">The runner's clock.</param>
    public ConnectorFeedSource(FeedRecorder recorder, IFeedConnector connector, FeedRunnerOptions options, Func<IFeedTransport> newTransport, TimeProvider time)
    {
        Recorder = recorder;
        _connector = connector;
        _runner = new FeedRunner(new CommittingConnector(connector, recorder), options, newTransport, time);
    }

    public override FeedRecorder Recorder { get; }

    public override FeedState State => _runner.State;

    public override async Task RunAsync(CancellationToken stop)
    {
        _runner.Start();
        try
        {
            await foreach (var change in _runner.StateChanges.ReadAllAsync(stop).ConfigureAwait(false)) SetState(change.State, change.Reason);
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // Stopping: the runner is stopped below.
        }
        finally
        {
            // The runner's loop has ended when this returns, so the commit below is the only writer.
            await _runner.StopAsync().ConfigureAwait(false);
            Recorder.Commit();
        }
    }

    public override async ValueTask DisposeAsync()
    {
        await _runner.DisposeAsync().ConfigureAwait(false);
        // A connector may hold a key (Kalshi's signer); it goes with the feed.
        (_connector as IDisposable)?.Dispose();
        await base.DisposeAsync().ConfigureAwait(false);
    }

    /// <summary>
    /// Commits after each call that may append: the runner calls its connector from one loop, so the
    /// commit runs on the writer's thread, once per venue message (Binance's snapshots included).
    /// </summary>
    private sealed class CommittingConnector(IFeedConnector inner, FeedRecorder recorder) : IFeedConnector
    {
        public string Feed => inner.Feed;

        public Uri Endpoint => inner.Endpoint;

        public FeedMetrics Metrics => inner.Metrics;

        public async ValueTask OnConnectedAsync(IFeedTransport transport, CancellationToken cancellationToken)
        {
            try
            {
                await inner.OnConnectedAsync(transport, cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                recorder.Commit();
            }
        }

        public async ValueTask OnMessageAsync(ReadOnlyMemory<byte> message, long tsRecv, IFeedTransport transport, CancellationToken cancellationToken)
        {
            try
            {
                await inner.OnMessageAsync(message, tsRecv, transport, cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                recorder.Commit();
            }
        }

        public void OnOversized(ReadOnlySpan<byte> prefix, long length, long tsRecv) => inner.OnOversized(prefix, length, tsRecv);
    }
}
