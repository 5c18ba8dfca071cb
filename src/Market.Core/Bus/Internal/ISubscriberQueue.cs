using System.Threading.Channels;

namespace Market.Core.Bus.Internal;

/// <summary>A subscription's bounded queue under one overflow policy.</summary>
internal interface ISubscriberQueue
{
    /// <summary>What the subscriber reads.</summary>
    ChannelReader<BusMessage> Reader { get; }

    /// <summary>Messages lost to the overflow policy.</summary>
    long Dropped { get; }

    /// <summary>Queues the message, waiting for room if the policy blocks; false once completed.</summary>
    ValueTask<bool> WriteAsync(BusMessage message, CancellationToken cancellationToken);

    /// <summary>No more writes; the reader completes after draining (and then sees <paramref name="error"/>, if any).</summary>
    void Complete(Exception? error = null);

    /// <summary>Creates the queue the options ask for.</summary>
    static ISubscriberQueue Create(SubscriptionOptions options) => options.Overflow switch
    {
        OverflowPolicy.KeepLatestPerSubject => new LatestPerSubjectQueue(options.Capacity),
        _ => new ChannelQueue(options.Capacity, options.Overflow),
    };
}
