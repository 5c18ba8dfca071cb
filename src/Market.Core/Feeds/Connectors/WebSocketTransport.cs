using System.Buffers;
using System.Net.WebSockets;

namespace Market.Core.Feeds.Connectors;

/// <summary>
/// <see cref="IFeedTransport"/> over <see cref="ClientWebSocket"/>: whole messages are assembled in
/// one pooled buffer that grows up to a maximum; a larger message is drained and reported as
/// oversized rather than failing the connection.
/// </summary>
public sealed class WebSocketTransport : IFeedTransport
{
    private readonly ClientWebSocket _socket = new();
    private readonly int _maxMessageBytes;
    private readonly byte[] _drain = new byte[8 * 1024];
    private readonly Func<Uri, IEnumerable<KeyValuePair<string, string>>>? _handshakeHeaders;
    private byte[] _buffer;

    /// <summary>Creates an unconnected transport.</summary>
    /// <param name="maxMessageBytes">The largest message accepted whole.</param>
    /// <param name="keepAliveInterval">How often the socket pings the venue.</param>
    /// <param name="keepAliveTimeout">With no pong received this long after a ping, the socket aborts; liveness is a pong received, not a ping sent.</param>
    /// <param name="handshakeHeaders">
    /// Request headers for the upgrade request, computed from the endpoint when <see cref="ConnectAsync"/>
    /// runs (so a signature's timestamp is fresh per connection). Their values are never logged nor put in
    /// an error message.
    /// </param>
    public WebSocketTransport(int maxMessageBytes = 16 * 1024 * 1024, TimeSpan? keepAliveInterval = null, TimeSpan? keepAliveTimeout = null,
        Func<Uri, IEnumerable<KeyValuePair<string, string>>>? handshakeHeaders = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxMessageBytes, 1);
        _maxMessageBytes = maxMessageBytes;
        _buffer = ArrayPool<byte>.Shared.Rent(Math.Min(maxMessageBytes, 64 * 1024));
        _socket.Options.KeepAliveInterval = keepAliveInterval ?? TimeSpan.FromSeconds(15);
        _socket.Options.KeepAliveTimeout = keepAliveTimeout ?? TimeSpan.FromSeconds(15);
        _handshakeHeaders = handshakeHeaders;
    }

    /// <inheritdoc/>
    public Task ConnectAsync(Uri endpoint, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        if (_handshakeHeaders is not null)
        {
            foreach (var (name, value) in _handshakeHeaders(endpoint))
            {
                try
                {
                    _socket.Options.SetRequestHeader(name, value);
                }
                catch (ArgumentException)
                {
                    // No inner exception: its message could quote the value, which may be a credential.
                    throw new InvalidOperationException($"handshake header '{name}' has a value that is not a valid HTTP header value");
                }
            }
        }
        return _socket.ConnectAsync(endpoint, cancellationToken);
    }

    /// <inheritdoc/>
    public ValueTask SendTextAsync(ReadOnlyMemory<byte> utf8, CancellationToken cancellationToken)
        => _socket.SendAsync(utf8, WebSocketMessageType.Text, endOfMessage: true, cancellationToken);

    /// <inheritdoc/>
    public async ValueTask<TransportReceive> ReceiveAsync(CancellationToken cancellationToken)
    {
        int kept = 0;
        long total = 0;
        while (true)
        {
            // Past the limit the rest is drained into scratch space so the kept prefix stays intact.
            Memory<byte> room;
            if (kept < _maxMessageBytes)
            {
                if (kept == _buffer.Length) Grow();
                room = _buffer.AsMemory(kept, Math.Min(_buffer.Length, _maxMessageBytes) - kept);
            }
            else
            {
                room = _drain;
            }
            var result = await _socket.ReceiveAsync(room, cancellationToken).ConfigureAwait(false);
            if (result.MessageType == WebSocketMessageType.Close) return await CloseAsync(cancellationToken).ConfigureAwait(false);
            if (kept < _maxMessageBytes) kept += result.Count;
            total += result.Count;
            if (!result.EndOfMessage) continue;
            var kind = total > kept ? TransportReceiveKind.Oversized : TransportReceiveKind.Message;
            return new TransportReceive(kind, _buffer.AsMemory(0, kept), total, null);
        }
    }

    private void Grow()
    {
        var bigger = ArrayPool<byte>.Shared.Rent((int)Math.Min((long)_buffer.Length * 2, _maxMessageBytes));
        _buffer.AsSpan().CopyTo(bigger);
        ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = bigger;
    }

    private async ValueTask<TransportReceive> CloseAsync(CancellationToken cancellationToken)
    {
        var reason = $"closed by venue: {_socket.CloseStatus} {_socket.CloseStatusDescription}".TrimEnd();
        try
        {
            await _socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, cancellationToken).ConfigureAwait(false);
        }
        catch (WebSocketException)
        {
            // The venue may already have gone; the close is ours to report, not to fail on.
        }
        return new TransportReceive(TransportReceiveKind.Closed, default, 0, reason);
    }

    /// <inheritdoc/>
    public ValueTask DisposeAsync()
    {
        _socket.Dispose();
        var buffer = Interlocked.Exchange(ref _buffer, []);
        if (buffer.Length > 0) ArrayPool<byte>.Shared.Return(buffer);
        return ValueTask.CompletedTask;
    }
}
