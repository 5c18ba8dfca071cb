namespace Market.Core.Feeds.Connectors;

/// <summary>
/// A sliding-window cap on connection attempts: backoff alone restarts small after every healthy
/// session, so a venue that accepts and drops at once would otherwise be hammered.
/// </summary>
public sealed class ReconnectRateLimiter
{
    private readonly Queue<DateTimeOffset> _attempts = new();
    private readonly int _limit;
    private readonly TimeSpan _window;
    private readonly TimeProvider _time;

    /// <summary>Allows <paramref name="limit"/> attempts per <paramref name="window"/> by <paramref name="time"/>'s clock.</summary>
    public ReconnectRateLimiter(int limit, TimeSpan window, TimeProvider time)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(window, TimeSpan.Zero);
        _limit = limit;
        _window = window;
        _time = time;
    }

    /// <summary>How long until another attempt is allowed (zero when it is allowed now).</summary>
    public TimeSpan DelayUntilAllowed()
    {
        var now = _time.GetUtcNow();
        while (_attempts.Count > 0 && _attempts.Peek() <= now - _window) _attempts.Dequeue();
        return _attempts.Count < _limit ? TimeSpan.Zero : _attempts.Peek() + _window - now;
    }

    /// <summary>Counts an attempt made now.</summary>
    public void Record() => _attempts.Enqueue(_time.GetUtcNow());

    /// <summary>Waits until an attempt is allowed, then counts it; returns how long it waited.</summary>
    public async Task<TimeSpan> AcquireAsync(CancellationToken cancellationToken)
    {
        var waited = TimeSpan.Zero;
        for (var delay = DelayUntilAllowed(); delay > TimeSpan.Zero; delay = DelayUntilAllowed())
        {
            await Task.Delay(delay, _time, cancellationToken).ConfigureAwait(false);
            waited += delay;
        }
        Record();
        return waited;
    }
}
