namespace Market.Core.Feeds.Connectors;

/// <summary>Where a feed's connection stands.</summary>
public enum FeedState
{
    /// <summary>Opening the connection to the venue.</summary>
    Connecting,

    /// <summary>Connected and subscriptions sent; nothing received yet.</summary>
    Subscribed,

    /// <summary>Data is arriving within the staleness deadline.</summary>
    Streaming,

    /// <summary>Nothing (data or pong) was received within the deadline: the connection is presumed dead and is dropped.</summary>
    Stale,

    /// <summary>Waiting before the next connection attempt (backoff or the reconnect rate limit).</summary>
    BackingOff,

    /// <summary>Stopped by its owner; no further connections are made.</summary>
    Stopped,
}

/// <summary>One change of a feed's state.</summary>
/// <param name="State">The new state.</param>
/// <param name="Reason">Why it changed, for operators (e.g. the close status or the error).</param>
public readonly record struct FeedStateChange(FeedState State, string Reason);
