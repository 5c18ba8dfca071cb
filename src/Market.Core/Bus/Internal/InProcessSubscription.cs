using System.Threading.Channels;

namespace Market.Core.Bus.Internal;

/// <summary>A user's subscription on an <see cref="InProcessBus"/>: a subscriber with its own bounded queue.</summary>
internal sealed class InProcessSubscription : Subscriber, IBusSubscription
{
    private readonly ISubscriberQueue _queue;
    private readonly Action<InProcessSubscription> _unsubscribe;
    private int _closed;

    public InProcessSubscription(string subject, SubscriptionOptions options, Action<InProcessSubscription> unsubscribe)
        : base(subject, options.QueueGroup)
    {
        Options = options;
        _queue = ISubscriberQueue.Create(options);
        _unsubscribe = unsubscribe;
    }

    public string Subject => Pattern;

    public SubscriptionOptions Options { get; }

    public ChannelReader<BusMessage> Messages => _queue.Reader;

    public long Dropped => _queue.Dropped;

    public override ValueTask<bool> DeliverAsync(BusMessage message, CancellationToken cancellationToken) =>
        Volatile.Read(ref _closed) != 0 ? new ValueTask<bool>(false) : _queue.WriteAsync(message, cancellationToken);

    public override void Close()
    {
        Volatile.Write(ref _closed, 1);
        _queue.Complete();
    }

    public ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _closed, 1) == 0)
        {
            _unsubscribe(this);
            _queue.Complete();
        }
        return default;
    }
}
