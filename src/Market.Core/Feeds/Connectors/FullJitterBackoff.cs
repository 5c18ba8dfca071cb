namespace Market.Core.Feeds.Connectors;

/// <summary>
/// Exponential backoff with full jitter (a uniform draw in [0, min(cap, base·2^attempt)]): spreads a
/// fleet's reconnects after a venue outage instead of synchronising them.
/// </summary>
public static class FullJitterBackoff
{
    /// <summary>The delay before retry number <paramref name="attempt"/> (0-based).</summary>
    public static TimeSpan Delay(int attempt, TimeSpan baseDelay, TimeSpan max, Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        var ceiling = Ceiling(attempt, baseDelay, max);
        return TimeSpan.FromTicks((long)(random.NextDouble() * ceiling.Ticks));
    }

    /// <summary>The upper bound of the draw for <paramref name="attempt"/>: base·2^attempt, capped.</summary>
    public static TimeSpan Ceiling(int attempt, TimeSpan baseDelay, TimeSpan max)
    {
        // Past 2^30 every realistic cap is exceeded; clamping keeps the shift from overflowing.
        var factor = Math.Pow(2, Math.Clamp(attempt, 0, 30));
        var ticks = Math.Min(max.Ticks, baseDelay.Ticks * factor);
        return TimeSpan.FromTicks((long)ticks);
    }
}
