using Market.Core.Bus.Nats.Internal;

namespace Market.Core.Bus.Nats;

public sealed partial class NatsConnection
{
    /// <summary>
    /// <c>SUB</c>: <paramref name="handler"/> runs on the read loop for every message and must not
    /// block (copy and hand off). <paramref name="completed"/> runs once when the subscription ends:
    /// with null after an unsubscribe, or with the server's error (e.g. a permissions violation).
    /// </summary>
    /// <exception cref="ArgumentException">The subject or queue group is invalid.</exception>
    public NatsSubscription Subscribe(string subject, string? queueGroup, NatsMessageHandler handler, Action<Exception?>? completed = null)
    {
        Subjects.ValidatePattern(subject, nameof(subject));
        ArgumentNullException.ThrowIfNull(handler);
        if (queueGroup is not null && (queueGroup.Length == 0 || queueGroup.Any(c => char.IsWhiteSpace(c) || char.IsControl(c))))
        {
            throw new ArgumentException($"queue group '{queueGroup}' must be non-empty and contain no whitespace", nameof(queueGroup));
        }
        var subscription = new NatsSubscription(this, Interlocked.Increment(ref _nextSid), subject, queueGroup, handler, completed);
        lock (_writeLock)
        {
            ThrowIfDisposed();
            _subscriptions[subscription.Sid] = subscription;
            CommitLocked(NatsProtocolWriter.WriteSubscribe(_outbound.Writer, subject, queueGroup, subscription.Sid));
        }
        return subscription;
    }

    internal void SendUnsubscribe(NatsSubscription subscription, long? max)
    {
        lock (_writeLock)
        {
            if (Volatile.Read(ref _disposed) != 0) return;
            CommitLocked(NatsProtocolWriter.WriteUnsubscribe(_outbound.Writer, subscription.Sid, max));
        }
    }

    internal void Forget(NatsSubscription subscription) => _subscriptions.TryRemove(subscription.Sid, out _);
}
