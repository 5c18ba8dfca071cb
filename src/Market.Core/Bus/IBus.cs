namespace Market.Core.Bus;

/// <summary>
/// Subject-based publish/subscribe and request/reply with NATS semantics, so the in-process bus
/// and the NATS bus are interchangeable. Subjects are dot-separated tokens; subscriptions may use
/// <c>*</c> (exactly one token) and <c>&gt;</c> (one or more trailing tokens). See <see cref="Subjects"/>.
/// </summary>
public interface IBus : IAsyncDisposable
{
    /// <summary>
    /// Publishes to every matching subscription and to one member of each matching queue group.
    /// Completes when the message is queued everywhere (waiting for room under
    /// <see cref="OverflowPolicy.Block"/>). The payload and headers are copied, so once the returned
    /// task completes the buffer and the header set may be reused.
    /// </summary>
    /// <exception cref="ArgumentException">The subject (or reply subject) is invalid or contains a wildcard.</exception>
    ValueTask PublishAsync(string subject, ReadOnlyMemory<byte> payload, BusHeaders? headers = null, string? replyTo = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// Opens a run of publishes that belong together, such as the records a journal tail found at
    /// once: a bus that writes to a socket holds them back and sends the run in one write when the
    /// returned scope is disposed, instead of waking its writer per message. In process there is
    /// nothing to hold back. Dispose the scope even when a publish throws.
    /// </summary>
    PublishBatch BeginPublishBatch() => default;

    /// <summary>Subscribes to <paramref name="subject"/>, which may contain <c>*</c> and <c>&gt;</c>.</summary>
    /// <exception cref="ArgumentException">The subject or options are invalid.</exception>
    IBusSubscription Subscribe(string subject, SubscriptionOptions? options = null);

    /// <summary>
    /// Publishes a request with a unique reply subject and returns the first reply. A responder
    /// replies by publishing to <see cref="BusMessage.ReplyTo"/>.
    /// </summary>
    /// <exception cref="NoRespondersException">Nothing subscribes to <paramref name="subject"/>.</exception>
    /// <exception cref="TimeoutException">No reply within <paramref name="timeout"/>.</exception>
    Task<BusMessage> RequestAsync(string subject, ReadOnlyMemory<byte> payload, TimeSpan timeout, CancellationToken cancellationToken = default);

    /// <summary>
    /// Completes when every message whose publish has completed is in its subscribers' queues
    /// (a round trip to the server for NATS; nothing to wait for in process).
    /// </summary>
    Task FlushAsync(CancellationToken cancellationToken = default);
}
