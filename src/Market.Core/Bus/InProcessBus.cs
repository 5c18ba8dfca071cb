using System.Collections.Concurrent;
using Market.Core.Bus.Internal;

namespace Market.Core.Bus;

/// <summary>
/// The embedded bus: delivery is a copy into each subscriber's bounded queue, in the publisher's
/// call. Thread-safe; any number of publishers and subscribers.
/// </summary>
public sealed partial class InProcessBus : IBus
{
    private readonly SubscriptionIndex _index = new();
    private readonly ConcurrentDictionary<string, TaskCompletionSource<BusMessage>> _pending = new(StringComparer.Ordinal);
    private readonly string _inboxPrefix;
    private long _nextInbox;
    private int _disposed;

    /// <summary>Creates an empty bus with its own request inbox.</summary>
    public InProcessBus()
    {
        _inboxPrefix = $"_INBOX.{Guid.NewGuid():N}.";
        _index.Add(new InboxSubscriber(_inboxPrefix + "*", _pending));
    }

    /// <inheritdoc/>
    public ValueTask PublishAsync(string subject, ReadOnlyMemory<byte> payload, BusHeaders? headers = null, string? replyTo = null, CancellationToken cancellationToken = default)
    {
        Subjects.ValidatePublish(subject, nameof(subject));
        if (replyTo is not null) Subjects.ValidatePublish(replyTo, nameof(replyTo));
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        var publish = DeliverAsync(subject, payload, headers, replyTo, cancellationToken);
        return publish.IsCompletedSuccessfully ? default : new ValueTask(publish.AsTask());
    }

    /// <inheritdoc/>
    public IBusSubscription Subscribe(string subject, SubscriptionOptions? options = null)
    {
        Subjects.ValidatePattern(subject, nameof(subject));
        options ??= SubscriptionOptions.Default;
        options.Validate();
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        var subscription = new InProcessSubscription(subject, options, s => _index.Remove(s));
        _index.Add(subscription);
        return subscription;
    }

    /// <inheritdoc/>
    public Task FlushAsync(CancellationToken cancellationToken = default)
    {
        // Delivery happens inside PublishAsync, so a completed publish is already queued.
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        return cancellationToken.IsCancellationRequested ? Task.FromCanceled(cancellationToken) : Task.CompletedTask;
    }

    /// <summary>Completes every subscription (readers drain what is queued, then end) and fails pending requests.</summary>
    public ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0) return default;
        foreach (var subscriber in _index.RemoveAll()) subscriber.Close();
        foreach (var request in _pending.Values) request.TrySetException(new ObjectDisposedException(nameof(InProcessBus)));
        _pending.Clear();
        return default;
    }

    // Returns how many subscribers took the message (the request path needs to know about none).
    private async ValueTask<int> DeliverAsync(string subject, ReadOnlyMemory<byte> payload, BusHeaders? headers, string? replyTo, CancellationToken cancellationToken)
    {
        var matches = _index.Match(subject);
        if (matches.IsEmpty) return 0;
        var message = new BusMessage(subject, payload.ToArray(), headers is null ? null : new BusHeaders(headers), replyTo);
        var delivered = 0;
        foreach (var subscriber in matches.Individuals)
        {
            if (await subscriber.DeliverAsync(message, cancellationToken).ConfigureAwait(false)) delivered++;
        }
        foreach (var group in matches.Groups)
        {
            if (await DeliverToOneAsync(group, message, cancellationToken).ConfigureAwait(false)) delivered++;
        }
        return delivered;
    }

    // Tries members from the round-robin position on, skipping any closed since the match was cached.
    private static async ValueTask<bool> DeliverToOneAsync(QueueGroupMembers group, BusMessage message, CancellationToken cancellationToken)
    {
        var members = group.Members;
        var start = group.NextStart();
        for (var i = 0; i < members.Length; i++)
        {
            if (await members[(start + i) % members.Length].DeliverAsync(message, cancellationToken).ConfigureAwait(false)) return true;
        }
        return false;
    }
}
