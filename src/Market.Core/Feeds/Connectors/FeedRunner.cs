using System.Threading.Channels;
using Polly;
using Polly.Retry;

namespace Market.Core.Feeds.Connectors;

/// <summary>
/// Keeps one feed connected: connect → subscribe → receive, until stopped. A connection that fails
/// before streaming is retried with capped exponential backoff and full jitter (Polly); every
/// attempt also passes a sliding-window rate limit. A connection that streamed and then ended is
/// replaced at once, subject to the rate limit only. Nothing received within the staleness
/// deadline marks it <see cref="FeedState.Stale"/> and replaces it.
/// </summary>
public sealed partial class FeedRunner : IAsyncDisposable
{
    private readonly IFeedConnector _connector;
    private readonly FeedRunnerOptions _options;
    private readonly Func<IFeedTransport> _newTransport;
    private readonly TimeProvider _time;
    private readonly ReconnectRateLimiter _limiter;
    private readonly ResiliencePipeline<string> _pipeline;
    private readonly Channel<FeedStateChange> _changes = Channel.CreateUnbounded<FeedStateChange>();
    private readonly CancellationTokenSource _stop = new();
    private Task? _loop;
    private int _state = (int)FeedState.Stopped;
    private long _connections;
    private string? _lastEnd;

    /// <summary>Creates a stopped runner for <paramref name="connector"/>.</summary>
    /// <param name="connector">The venue half.</param>
    /// <param name="options">Liveness, backoff and rate limits; validated here.</param>
    /// <param name="newTransport">Makes a fresh transport per connection (a <see cref="WebSocketTransport"/> in production).</param>
    /// <param name="time">The clock for deadlines, backoff and the rate limit.</param>
    /// <param name="random">The jitter source (seed it in tests).</param>
    public FeedRunner(IFeedConnector connector, FeedRunnerOptions options, Func<IFeedTransport> newTransport, TimeProvider? time = null, Random? random = null)
    {
        ArgumentNullException.ThrowIfNull(connector);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(newTransport);
        options.Validate();
        _connector = connector;
        _options = options;
        _newTransport = newTransport;
        _time = time ?? TimeProvider.System;
        _limiter = new ReconnectRateLimiter(options.MaxConnectsPerWindow, options.ReconnectWindow, _time);
        _pipeline = BuildPipeline(random ?? Random.Shared);
    }

    /// <summary>The current state.</summary>
    public FeedState State => (FeedState)Volatile.Read(ref _state);

    /// <summary>Every state change, in order, with its reason; completes after <see cref="FeedState.Stopped"/>.</summary>
    public ChannelReader<FeedStateChange> StateChanges => _changes.Reader;

    /// <summary>The feed's counters.</summary>
    public FeedMetrics Metrics => _connector.Metrics;

    /// <summary>Starts the connection loop in the background; a second call does nothing.</summary>
    public void Start()
    {
        if (_loop is not null) return;
        _loop = Task.Run(() => RunAsync(_stop.Token));
    }

    /// <summary>Stops the loop, closing any connection, and waits for it to end.</summary>
    public async Task StopAsync()
    {
        if (!_stop.IsCancellationRequested) await _stop.CancelAsync().ConfigureAwait(false);
        if (_loop is not null) await _loop.ConfigureAwait(false);
        if (Interlocked.Exchange(ref _state, (int)FeedState.Stopped) != (int)FeedState.Stopped || _loop is null)
        {
            _changes.Writer.TryWrite(new FeedStateChange(FeedState.Stopped, "stopped by owner"));
        }
        _changes.Writer.TryComplete();
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        await StopAsync().ConfigureAwait(false);
        _stop.Dispose();
    }

    private ResiliencePipeline<string> BuildPipeline(Random random) => new ResiliencePipelineBuilder<string> { TimeProvider = _time }
        .AddRetry(new RetryStrategyOptions<string>
        {
            MaxRetryAttempts = int.MaxValue,
            // Every failure is retried: a feed runs until its owner stops it.
            ShouldHandle = args => ValueTask.FromResult(args.Outcome.Exception is not null && !_stop.IsCancellationRequested),
            DelayGenerator = args => ValueTask.FromResult<TimeSpan?>(FullJitterBackoff.Delay(args.AttemptNumber, _options.BackoffBase, _options.BackoffMax, random)),
            OnRetry = args =>
            {
                _lastEnd = args.Outcome.Exception?.Message;
                SetState(FeedState.BackingOff, $"{args.Outcome.Exception?.Message}; retry {args.AttemptNumber + 1} in {args.RetryDelay.TotalMilliseconds:F0} ms");
                return default;
            },
        })
        .Build();

    private async Task RunAsync(CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            try
            {
                _lastEnd = await _pipeline.ExecuteAsync(static (runner, token) => runner.RunSessionAsync(token), this, stop).ConfigureAwait(false);
            }
            catch (Exception) when (stop.IsCancellationRequested)
            {
                // Stopping aborts the socket, so the session may end in a socket error rather than a cancellation.
                break;
            }
        }
    }

    private void SetState(FeedState state, string reason)
    {
        Volatile.Write(ref _state, (int)state);
        _changes.Writer.TryWrite(new FeedStateChange(state, reason));
    }
}
