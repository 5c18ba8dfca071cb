namespace Market.Core.Feeds.Connectors;

/// <summary>How a <see cref="FeedRunner"/> keeps its connection alive. Change with <c>with</c>.</summary>
public sealed record FeedRunnerOptions
{
    /// <summary>With nothing received for this long (data or pong), the connection is declared stale and replaced.</summary>
    public TimeSpan StalenessDeadline { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>The first backoff's upper bound; each failed attempt doubles it.</summary>
    public TimeSpan BackoffBase { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>The cap on any one backoff.</summary>
    public TimeSpan BackoffMax { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>At most this many connection attempts per <see cref="ReconnectWindow"/>; more wait until allowed.</summary>
    public int MaxConnectsPerWindow { get; init; } = 5;

    /// <summary>The sliding window <see cref="MaxConnectsPerWindow"/> counts over.</summary>
    public TimeSpan ReconnectWindow { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>Give up a connection attempt (and back off) after this long.</summary>
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>Throws when a value cannot work, so a bad configuration fails at start-up.</summary>
    public void Validate()
    {
        if (StalenessDeadline <= TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(StalenessDeadline), StalenessDeadline, "must be positive");
        if (BackoffBase <= TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(BackoffBase), BackoffBase, "must be positive");
        if (BackoffMax < BackoffBase) throw new ArgumentOutOfRangeException(nameof(BackoffMax), BackoffMax, "must be at least BackoffBase");
        if (MaxConnectsPerWindow < 1) throw new ArgumentOutOfRangeException(nameof(MaxConnectsPerWindow), MaxConnectsPerWindow, "must be at least 1");
        if (ReconnectWindow <= TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(ReconnectWindow), ReconnectWindow, "must be positive");
        if (ConnectTimeout <= TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(ConnectTimeout), ConnectTimeout, "must be positive");
    }
}
