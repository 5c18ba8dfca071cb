using System.Collections.Concurrent;
using System.Globalization;

namespace Market.Core.Bus.Nats;

public sealed partial class NatsConnection
{
    private readonly string _inboxPrefix;
    private readonly ConcurrentDictionary<long, PendingRequest> _requests = new();
    private readonly object _inboxGate = new();
    private NatsSubscription? _inbox;
    private long _nextRequest;

    private sealed class PendingRequest(string subject) : TaskCompletionSource<BusMessage>(TaskCreationOptions.RunContinuationsAsynchronously)
    {
        public string Subject { get; } = subject;
    }

    /// <summary>A fresh reply subject under this connection's inbox that nothing else uses (two tokens deep, so the request inbox does not see it).</summary>
    public string NewInbox() => _inboxPrefix + "x." + Interlocked.Increment(ref _nextRequest).ToString(CultureInfo.InvariantCulture);

    /// <summary>
    /// Publishes a request whose reply subject is on the connection's one wildcard inbox
    /// subscription (<c>_INBOX.&lt;nuid&gt;.*</c>) and returns the first reply.
    /// </summary>
    /// <exception cref="NoRespondersException">The server answered with status 503: nothing subscribes.</exception>
    /// <exception cref="TimeoutException">No reply within <paramref name="timeout"/>.</exception>
    public async Task<BusMessage> RequestAsync(string subject, ReadOnlyMemory<byte> payload, TimeSpan timeout, BusHeaders? headers = null, CancellationToken cancellationToken = default)
    {
        Subjects.ValidatePublish(subject, nameof(subject));
        if (timeout <= TimeSpan.Zero && timeout != Timeout.InfiniteTimeSpan)
        {
            throw new ArgumentOutOfRangeException(nameof(timeout), timeout, "a request timeout must be positive (or infinite)");
        }
        ThrowIfDisposed();
        EnsureInbox();
        var id = Interlocked.Increment(ref _nextRequest);
        var pending = new PendingRequest(subject);
        // Registered before publishing: a responder may reply before the publish returns.
        _requests[id] = pending;
        try
        {
            await PublishAsync(subject, payload, headers, _inboxPrefix + id.ToString(CultureInfo.InvariantCulture), cancellationToken).ConfigureAwait(false);
            try
            {
                return await pending.Task.WaitAsync(timeout, cancellationToken).ConfigureAwait(false);
            }
            catch (TimeoutException e)
            {
                throw new TimeoutException($"no reply to the request on '{subject}' within {timeout.TotalMilliseconds:0.###} ms", e);
            }
        }
        finally
        {
            _requests.TryRemove(id, out _);
        }
    }

    private void EnsureInbox()
    {
        if (Volatile.Read(ref _inbox) is not null) return;
        lock (_inboxGate)
        {
            _inbox ??= Subscribe(_inboxPrefix + "*", null, OnReply);
        }
    }

    private void OnReply(in NatsMessage message)
    {
        var token = message.Subject.AsSpan(_inboxPrefix.Length);
        if (!long.TryParse(token, NumberStyles.None, CultureInfo.InvariantCulture, out var id) || !_requests.TryRemove(id, out var pending)) return;
        if (message.Status == 503) pending.TrySetException(new NoRespondersException(pending.Subject));
        else pending.TrySetResult(message.ToBusMessage());
    }

    private void FailRequests(Exception error)
    {
        foreach (var id in _requests.Keys)
        {
            if (_requests.TryRemove(id, out var pending)) pending.TrySetException(error);
        }
    }
}
