using Market.Core.Bus.Nats.Internal;

namespace Market.Core.Bus.Nats;

public sealed partial class NatsConnection
{
    /// <summary>
    /// Queues <c>PUB</c> (or <c>HPUB</c> with headers) for the socket. Completes at once unless
    /// the socket is <see cref="NatsOptions.WriteBufferBytes"/> behind, or the client is reconnecting
    /// and the reconnect buffer is full (then <see cref="NatsOptions.ReconnectBufferPolicy"/> decides).
    /// The payload is copied before this returns or waits.
    /// </summary>
    /// <exception cref="ArgumentException">The subject or reply subject is invalid.</exception>
    /// <exception cref="NatsPayloadTooLargeException">Payload plus headers exceed the server's max_payload.</exception>
    /// <exception cref="NatsReconnectBufferFullException">Reconnecting, the buffer is full and the policy is <see cref="ReconnectBufferPolicy.Fail"/>.</exception>
    public ValueTask PublishAsync(string subject, ReadOnlyMemory<byte> payload, BusHeaders? headers = null, string? replyTo = null, CancellationToken cancellationToken = default)
    {
        Subjects.ValidatePublish(subject, nameof(subject));
        if (replyTo is not null) Subjects.ValidatePublish(replyTo, nameof(replyTo));
        cancellationToken.ThrowIfCancellationRequested();
        var headerLength = NatsProtocolWriter.HeaderBlockLength(headers);
        CheckSize(subject, headerLength, payload.Length);
        lock (_writeLock)
        {
            ThrowIfDisposed();
            var room = RoomLocked(headerLength + payload.Length);
            if (room == Room.Yes)
            {
                CommitLocked(NatsProtocolWriter.WritePublish(_outbound.Writer, subject, replyTo, headers, headerLength, payload.Span));
                _outMessages++;
                return default;
            }
        }
        return PublishSlowAsync(subject, payload, headers, headerLength, replyTo, cancellationToken);
    }

    private void CheckSize(string subject, int headerLength, int payloadLength)
    {
        var info = Volatile.Read(ref _info);
        long size = headerLength + payloadLength;
        if (size > info.MaxPayload) throw new NatsPayloadTooLargeException(subject, size, info.MaxPayload);
        if (headerLength > 0 && !info.Headers) throw new NatsException($"cannot publish headers to '{subject}': server {info.ServerId} does not support headers (HPUB)");
    }

    private async ValueTask PublishSlowAsync(string subject, ReadOnlyMemory<byte> payload, BusHeaders? headers, int headerLength, string? replyTo, CancellationToken cancellationToken)
    {
        while (true)
        {
            Task wait;
            lock (_writeLock)
            {
                ThrowIfDisposed();
                switch (RoomLocked(headerLength + payload.Length))
                {
                    case Room.Yes:
                        CommitLocked(NatsProtocolWriter.WritePublish(_outbound.Writer, subject, replyTo, headers, headerLength, payload.Span));
                        _outMessages++;
                        return;
                    case Room.Drop:
                        Interlocked.Increment(ref _reconnectBufferRejections);
                        return;
                    case Room.Fail:
                        Interlocked.Increment(ref _reconnectBufferRejections);
                        throw new NatsReconnectBufferFullException(_options.ReconnectBufferBytes);
                }
                _roomWaiter ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                wait = _roomWaiter.Task;
                // This publisher's own batch may hold what must be written before there is room.
                if (_flushRequested) _flushSignal.Release();
            }
            await wait.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }
}
