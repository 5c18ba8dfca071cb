namespace Market.Core.Bus.Nats;

/// <summary>
/// A subscription on a <see cref="NatsConnection"/>: its handler runs on the read loop for each
/// message. Survives reconnects (it is resubscribed under the same sid).
/// </summary>
public sealed class NatsSubscription : IAsyncDisposable
{
    private readonly NatsConnection _connection;
    private readonly NatsMessageHandler _handler;
    private readonly Action<Exception?>? _completed;
    private long _max;
    private long _delivered;
    private int _done;

    internal NatsSubscription(NatsConnection connection, long sid, string subject, string? queueGroup, NatsMessageHandler handler, Action<Exception?>? completed)
    {
        _connection = connection;
        Sid = sid;
        Subject = subject;
        QueueGroup = queueGroup;
        _handler = handler;
        _completed = completed;
    }

    /// <summary>The id on the wire.</summary>
    public long Sid { get; }

    /// <summary>The subject pattern.</summary>
    public string Subject { get; }

    /// <summary>The queue group, or null.</summary>
    public string? QueueGroup { get; }

    /// <summary>Messages handed to the handler.</summary>
    public long Delivered => Interlocked.Read(ref _delivered);

    /// <summary>Messages still allowed before an auto-unsubscribe, or null when unlimited.</summary>
    internal long? Remaining
    {
        get
        {
            var max = Interlocked.Read(ref _max);
            return max > 0 ? Math.Max(0, max - Delivered) : null;
        }
    }

    /// <summary>
    /// <c>UNSUB</c>: now, or after <paramref name="afterMessages"/> messages in total (the server
    /// stops delivery there too).
    /// </summary>
    public void Unsubscribe(long? afterMessages = null)
    {
        if (afterMessages is { } max)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(max, 1, nameof(afterMessages));
            Interlocked.Exchange(ref _max, max);
            if (Delivered >= max) Complete(null);
            else _connection.SendUnsubscribe(this, max);
            return;
        }
        if (Volatile.Read(ref _done) == 0) _connection.SendUnsubscribe(this, null);
        Complete(null);
    }

    /// <summary>Unsubscribes now.</summary>
    public ValueTask DisposeAsync()
    {
        Unsubscribe();
        return default;
    }

    internal void Deliver(in NatsMessage message)
    {
        if (Volatile.Read(ref _done) != 0) return;
        var delivered = Interlocked.Increment(ref _delivered);
        _handler(in message);
        var max = Interlocked.Read(ref _max);
        if (max > 0 && delivered >= max) Complete(null);
    }

    // Ends the subscription once: removes it and tells the owner (with the server's error, if any).
    internal void Complete(Exception? error)
    {
        if (Interlocked.Exchange(ref _done, 1) != 0) return;
        _connection.Forget(this);
        _completed?.Invoke(error);
    }
}
