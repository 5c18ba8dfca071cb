using System.Net.Http.Headers;
using System.Threading.Channels;
using Market.Core.Feeds.Connectors;
using Polly;
using Polly.Retry;
using Signals.Library;

namespace Signals.Runtime.Fires;

/// <summary>
/// POSTs matching fires as JSON to a webhook, off the evaluator's thread, retrying failures
/// (connection errors, timeouts, 408/429/5xx) with capped exponential backoff and full jitter
/// (Polly). A fire that still fails after the last attempt is counted and dropped: the signal
/// journal keeps it. A 4xx other than 408/429 is not retried: the request itself is wrong.
/// </summary>
public sealed class WebhookFireAction : IFireSink, IAsyncDisposable
{
    private readonly WebhookOptions _options;
    private readonly Uri _url;
    private readonly HttpClient _http;
    private readonly bool _ownsClient;
    private readonly Channel<byte[]> _queue;
    private readonly ResiliencePipeline<HttpResponseMessage> _retry;
    private readonly Task _loop;
    private long _sent;
    private long _failed;
    private long _dropped;
    private long _retries;

    /// <summary>Starts the webhook's sender.</summary>
    /// <param name="options">The webhook.</param>
    /// <param name="http">The client to use; null creates one this action owns.</param>
    /// <param name="time">The clock for backoff; null for the system clock.</param>
    /// <param name="random">The jitter source (seed it in tests).</param>
    public WebhookFireAction(WebhookOptions options, HttpClient? http = null, TimeProvider? time = null, Random? random = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
        _url = options.ResolveUrl();
        _ownsClient = http is null;
        _http = http ?? new HttpClient();
        _queue = Channel.CreateBounded<byte[]>(new BoundedChannelOptions(options.QueueCapacity)
        {
            FullMode = BoundedChannelFullMode.DropOldest,
            SingleReader = true,
        }, _ => Interlocked.Increment(ref _dropped));
        var jitter = random ?? Random.Shared;
        _retry = new ResiliencePipelineBuilder<HttpResponseMessage> { TimeProvider = time ?? TimeProvider.System }
            .AddRetry(new RetryStrategyOptions<HttpResponseMessage>
            {
                MaxRetryAttempts = Math.Max(0, options.MaxAttempts - 1),
                ShouldHandle = args => ValueTask.FromResult(args.Outcome.Exception is HttpRequestException or TaskCanceledException
                    || (args.Outcome.Result is { } r && IsTransient(r))),
                DelayGenerator = args => ValueTask.FromResult<TimeSpan?>(FullJitterBackoff.Delay(args.AttemptNumber, options.BackoffBase, options.BackoffMax, jitter)),
                OnRetry = args =>
                {
                    args.Outcome.Result?.Dispose();
                    Interlocked.Increment(ref _retries);
                    return default;
                },
            })
            .Build();
        _loop = Task.Run(RunAsync);
    }

    /// <summary>The webhook's name.</summary>
    public string Name => _options.Name;

    /// <summary>Fires delivered (a 2xx answer).</summary>
    public long Sent => Interlocked.Read(ref _sent);

    /// <summary>Fires given up on after the last attempt or a non-retryable answer.</summary>
    public long Failed => Interlocked.Read(ref _failed);

    /// <summary>Fires dropped from a full queue.</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    /// <summary>Retries made.</summary>
    public long Retries => Interlocked.Read(ref _retries);

    /// <summary>The last failure (status or error, never the URL), or null.</summary>
    public string? LastError { get; private set; }

    /// <inheritdoc/>
    public void OnFire(in SignalFire fire)
    {
        if (_options.Wants(fire)) _queue.Writer.TryWrite(FireJson.ToUtf8(fire));
    }

    /// <summary>Sends what is queued (with retries), then stops.</summary>
    /// <returns>A task that completes when the sender has ended.</returns>
    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _loop.ConfigureAwait(false);
        if (_ownsClient) _http.Dispose();
    }

    private static bool IsTransient(HttpResponseMessage response) =>
        (int)response.StatusCode is 408 or 429 or >= 500;

    private async Task RunAsync()
    {
        await foreach (var body in _queue.Reader.ReadAllAsync().ConfigureAwait(false))
        {
            try
            {
                using var response = await _retry.ExecuteAsync(static async (state, token) =>
                {
                    using var timeout = CancellationTokenSource.CreateLinkedTokenSource(token);
                    timeout.CancelAfter(state.Self._options.Timeout);
                    using var content = new ByteArrayContent(state.Body);
                    content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
                    return await state.Self._http.PostAsync(state.Self._url, content, timeout.Token).ConfigureAwait(false);
                }, (Self: this, Body: body)).ConfigureAwait(false);
                if (response.IsSuccessStatusCode)
                {
                    Interlocked.Increment(ref _sent);
                }
                else
                {
                    LastError = $"HTTP {(int)response.StatusCode}";
                    Interlocked.Increment(ref _failed);
                }
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                LastError = e.GetType().Name;
                Interlocked.Increment(ref _failed);
            }
        }
    }
}
