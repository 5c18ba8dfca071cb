using System.Threading.Channels;
using Market.Core.Bus.Internal;

namespace Market.Core.Bus.Nats.Internal;

/// <summary>
/// <see cref="OverflowPolicy.Block"/> over NATS: the read loop serves every subscription, so it
/// never waits for one. The queue holds the capacity plus the connection's pending allowance; a
/// message beyond that is a slow-consumer drop, counted and reported.
/// </summary>
internal sealed class SlowConsumerQueue : ISubscriberQueue
{
    private readonly Channel<BusMessage> _channel;
    private readonly Action<long> _onDrop;
    private long _dropped;

    public SlowConsumerQueue(int capacity, int pendingLimit, Action<long> onDrop)
    {
        _onDrop = onDrop;
        _channel = Channel.CreateBounded<BusMessage>(new BoundedChannelOptions((int)Math.Min(int.MaxValue, (long)capacity + pendingLimit))
        {
            FullMode = BoundedChannelFullMode.Wait,
            SingleWriter = true,
            AllowSynchronousContinuations = false,
        });
    }

    public ChannelReader<BusMessage> Reader => _channel.Reader;

    public long Dropped => Volatile.Read(ref _dropped);

    public ValueTask<bool> WriteAsync(BusMessage message, CancellationToken cancellationToken)
    {
        if (_channel.Writer.TryWrite(message)) return new ValueTask<bool>(true);
        if (_channel.Reader.Completion.IsCompleted) return new ValueTask<bool>(false);
        _onDrop(Interlocked.Increment(ref _dropped));
        return new ValueTask<bool>(false);
    }

    public void Complete(Exception? error = null) => _channel.Writer.TryComplete(error);
}
