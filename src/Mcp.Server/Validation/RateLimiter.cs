using System.Collections.Concurrent;

namespace Mcp.Server.Validation;

/// <summary>
/// A token bucket per client (an HTTP session, or the one stdio client): <see cref="RateLimitOptions.Burst"/>
/// calls at once, refilled at <see cref="RateLimitOptions.CallsPerMinute"/>. Thread-safe.
/// </summary>
public sealed class RateLimiter(RateLimitOptions options, TimeProvider time)
{
    private readonly ConcurrentDictionary<string, Bucket> _buckets = new(StringComparer.Ordinal);
    private long _refused;

    /// <summary>The limits in force.</summary>
    public RateLimitOptions Options { get; } = options;

    /// <summary>Calls refused since start.</summary>
    public long Refused => Interlocked.Read(ref _refused);

    /// <summary>Clients that have called at least once.</summary>
    public int Clients => _buckets.Count;

    /// <summary>Takes one call from <paramref name="client"/>'s bucket.</summary>
    /// <param name="client">The client's key.</param>
    /// <param name="retryAfter">When refused, how long until a call is allowed again.</param>
    /// <returns>False when the client is over its limit.</returns>
    public bool TryAcquire(string client, out TimeSpan retryAfter)
    {
        retryAfter = TimeSpan.Zero;
        if (Options.CallsPerMinute == 0) return true;
        var bucket = _buckets.GetOrAdd(client, _ => new Bucket(Options.Burst, time.GetTimestamp()));
        lock (bucket)
        {
            var now = time.GetTimestamp();
            var perTick = Options.CallsPerMinute / 60.0 / time.TimestampFrequency;
            bucket.Tokens = Math.Min(Options.Burst, bucket.Tokens + (now - bucket.Stamp) * perTick);
            bucket.Stamp = now;
            if (bucket.Tokens >= 1)
            {
                bucket.Tokens -= 1;
                return true;
            }
            retryAfter = TimeSpan.FromSeconds(Math.Ceiling((1 - bucket.Tokens) * 60.0 / Options.CallsPerMinute));
        }
        Interlocked.Increment(ref _refused);
        return false;
    }

    /// <summary>Forgets a client that went away (an HTTP session closed).</summary>
    /// <param name="client">The client's key.</param>
    public void Forget(string client) => _buckets.TryRemove(client, out _);

    private sealed class Bucket(double tokens, long stamp)
    {
        public double Tokens { get; set; } = tokens;

        public long Stamp { get; set; } = stamp;
    }
}
