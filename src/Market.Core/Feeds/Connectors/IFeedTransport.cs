namespace Market.Core.Feeds.Connectors;

/// <summary>
/// One connection to a venue that carries whole text messages. One reader and one writer at a time:
/// the runner's loop does both, so sends never race each other.
/// </summary>
public interface IFeedTransport : IAsyncDisposable
{
    /// <summary>Opens the connection.</summary>
    Task ConnectAsync(Uri endpoint, CancellationToken cancellationToken);

    /// <summary>Sends one text message (UTF-8).</summary>
    ValueTask SendTextAsync(ReadOnlyMemory<byte> utf8, CancellationToken cancellationToken);

    /// <summary>
    /// Receives the next whole message. A <see cref="TransportReceiveKind.Message"/>'s bytes stay
    /// valid only until the next call.
    /// </summary>
    ValueTask<TransportReceive> ReceiveAsync(CancellationToken cancellationToken);
}

/// <summary>What a receive produced.</summary>
public enum TransportReceiveKind
{
    /// <summary>A whole message within the size limit.</summary>
    Message,

    /// <summary>A message over the size limit: only its first bytes are kept, the connection goes on.</summary>
    Oversized,

    /// <summary>The connection closed; the close reason says how.</summary>
    Closed,
}

/// <summary>One receive's result.</summary>
/// <param name="Kind">What arrived.</param>
/// <param name="Data">The message (or an oversized message's kept prefix); valid until the next receive.</param>
/// <param name="Length">The message's full length in bytes.</param>
/// <param name="CloseReason">For <see cref="TransportReceiveKind.Closed"/>: the status and description.</param>
public readonly record struct TransportReceive(TransportReceiveKind Kind, ReadOnlyMemory<byte> Data, long Length, string? CloseReason);
