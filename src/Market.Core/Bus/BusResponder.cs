namespace Market.Core.Bus;

/// <summary>
/// Answers requests on one subject as a member of a queue group (so of several responders one
/// answers each request): reads requests in order, computes each answer with the caller's function
/// and publishes it to the request's reply subject. Requests without a reply subject are skipped; a
/// reply the bus cannot deliver (the asker left, the bus is closing) is dropped.
/// </summary>
public sealed class BusResponder : IAsyncDisposable
{
    private readonly IBus _bus;
    private readonly IBusSubscription _subscription;
    private readonly Func<BusMessage, ReadOnlyMemory<byte>> _answer;
    private readonly Task _loop;
    private long _answered;

    /// <summary>Subscribes and starts answering.</summary>
    /// <param name="bus">The bus.</param>
    /// <param name="subject">The subject requests arrive on.</param>
    /// <param name="queueGroup">The queue group responders join.</param>
    /// <param name="answer">The reply payload for a request; called on the responder's loop, one request at a time. It handles its own errors (an exception ends the loop).</param>
    public BusResponder(IBus bus, string subject, string queueGroup, Func<BusMessage, ReadOnlyMemory<byte>> answer)
    {
        ArgumentNullException.ThrowIfNull(bus);
        ArgumentNullException.ThrowIfNull(answer);
        _bus = bus;
        _answer = answer;
        _subscription = bus.Subscribe(subject, new SubscriptionOptions(QueueGroup: queueGroup));
        _loop = Task.Run(RunAsync);
    }

    /// <summary>Replies published.</summary>
    public long Answered => Interlocked.Read(ref _answered);

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        await _subscription.DisposeAsync().ConfigureAwait(false);
        await _loop.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    private async Task RunAsync()
    {
        await foreach (var request in _subscription.Messages.ReadAllAsync().ConfigureAwait(false))
        {
            if (request.ReplyTo is null) continue;
            var reply = _answer(request);
            try
            {
                await _bus.PublishAsync(request.ReplyTo, reply).ConfigureAwait(false);
                Interlocked.Increment(ref _answered);
            }
            catch (Exception e) when (e is InvalidOperationException or ObjectDisposedException or IOException or Nats.NatsException)
            {
                // The asker went away or the bus is closing: nothing to answer.
            }
        }
    }
}
