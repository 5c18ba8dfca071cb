namespace Market.Core.Feeds.Connectors;

/// <summary>
/// The venue-specific half of a feed: what to send on connect and what to do with each message.
/// <see cref="FeedRunner"/> owns the connection, liveness and reconnects; calls are never concurrent.
/// </summary>
public interface IFeedConnector
{
    /// <summary>The feed's name (for dead letters and logs).</summary>
    string Feed { get; }

    /// <summary>The venue's WebSocket address.</summary>
    Uri Endpoint { get; }

    /// <summary>The feed's counters; the runner adds messages, bytes and reconnects.</summary>
    FeedMetrics Metrics { get; }

    /// <summary>A new connection is open: forget per-connection state and subscribe.</summary>
    ValueTask OnConnectedAsync(IFeedTransport transport, CancellationToken cancellationToken);

    /// <summary>One whole message received at <paramref name="tsRecv"/> (UTC ns); its bytes are valid only during the call.</summary>
    ValueTask OnMessageAsync(ReadOnlyMemory<byte> message, long tsRecv, IFeedTransport transport, CancellationToken cancellationToken);

    /// <summary>A message over the size limit: <paramref name="prefix"/> is what was kept of its <paramref name="length"/> bytes.</summary>
    void OnOversized(ReadOnlySpan<byte> prefix, long length, long tsRecv);
}
