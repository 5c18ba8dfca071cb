using System.Threading.Channels;
using Market.Core.Bus.Internal;

namespace Market.Core.Bus.Nats.Internal;

/// <summary>A <see cref="NatsBus"/> subscription: a NATS SUB whose handler copies each message into a bounded queue.</summary>
internal sealed class NatsBusSubscription : IBusSubscription
{
    private readonly ISubscriberQueue _queue;
    private readonly NatsSubscription _subscription;
    private readonly Action<NatsBusSubscription> _forget;
    private int _closed;

    public NatsBusSubscription(NatsConnection connection, string subject, SubscriptionOptions options, Action<NatsBusSubscription> forget)
    {
        Subject = subject;
        Options = options;
        _forget = forget;
        NatsSubscription? self = null;
        _queue = options.Overflow == OverflowPolicy.Block
            ? new SlowConsumerQueue(options.Capacity, connection.Options.SubscriptionPendingLimit, dropped => connection.ReportSlowConsumer(self!, dropped))
            : ISubscriberQueue.Create(options);
        _subscription = self = connection.Subscribe(subject, options.QueueGroup, OnMessage, OnCompleted);
    }

    public string Subject { get; }

    public SubscriptionOptions Options { get; }

    public ChannelReader<BusMessage> Messages => _queue.Reader;

    public long Dropped => _queue.Dropped;

    public ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _closed, 1) != 0) return default;
        _subscription.Unsubscribe();
        _queue.Complete();
        _forget(this);
        return default;
    }

    /// <summary>Completes the queue without unsubscribing (the bus is closing the connection).</summary>
    public void Close()
    {
        Volatile.Write(ref _closed, 1);
        _queue.Complete();
    }

    // Non-blocking for every policy: DropOldest and KeepLatestPerSubject complete synchronously and
    // the Block queue drops (as a slow consumer) rather than wait.
    private void OnMessage(in NatsMessage message)
    {
        if (Volatile.Read(ref _closed) != 0) return;
        _ = _queue.WriteAsync(message.ToBusMessage(), CancellationToken.None);
    }

    private void OnCompleted(Exception? error)
    {
        if (error is null) return;
        Volatile.Write(ref _closed, 1);
        _queue.Complete(error);
        _forget(this);
    }
}
