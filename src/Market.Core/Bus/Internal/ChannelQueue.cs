using System.Threading.Channels;

namespace Market.Core.Bus.Internal;

/// <summary>Block and DropOldest map straight onto a bounded channel; its drop callback does the counting.</summary>
internal sealed class ChannelQueue : ISubscriberQueue
{
    private readonly Channel<BusMessage> _channel;
    private long _dropped;

    public ChannelQueue(int capacity, OverflowPolicy policy)
    {
        var options = new BoundedChannelOptions(capacity)
        {
            FullMode = policy == OverflowPolicy.Block ? BoundedChannelFullMode.Wait : BoundedChannelFullMode.DropOldest,
            SingleReader = false,
            SingleWriter = false,
            // Continuations of a waiting reader must not run inside the publisher's call.
            AllowSynchronousContinuations = false,
        };
        _channel = Channel.CreateBounded<BusMessage>(options, _ => Interlocked.Increment(ref _dropped));
    }

    public ChannelReader<BusMessage> Reader => _channel.Reader;

    public long Dropped => Volatile.Read(ref _dropped);

    public ValueTask<bool> WriteAsync(BusMessage message, CancellationToken cancellationToken)
    {
        if (_channel.Writer.TryWrite(message)) return new ValueTask<bool>(true);
        return WaitAndWriteAsync(message, cancellationToken);
    }

    public void Complete(Exception? error = null) => _channel.Writer.TryComplete(error);

    private async ValueTask<bool> WaitAndWriteAsync(BusMessage message, CancellationToken cancellationToken)
    {
        // Completing the writer releases a blocked publisher with a closed channel, not an error.
        try
        {
            await _channel.Writer.WriteAsync(message, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (ChannelClosedException)
        {
            return false;
        }
    }
}
