using System.Threading.Channels;

namespace Market.Core.Bus;

/// <summary>
/// One subscription: its own bounded queue of matching messages. Disposing it stops delivery and
/// completes <see cref="Messages"/> once what was already queued has been read.
/// </summary>
public interface IBusSubscription : IAsyncDisposable
{
    /// <summary>The subject pattern subscribed to; may contain <c>*</c> and <c>&gt;</c>.</summary>
    string Subject { get; }

    /// <summary>How this subscription queues and shares messages.</summary>
    SubscriptionOptions Options { get; }

    /// <summary>The queued messages, in publish order per publisher.</summary>
    ChannelReader<BusMessage> Messages { get; }

    /// <summary>Messages lost to the overflow policy (0 for <see cref="OverflowPolicy.Block"/> in process; slow-consumer drops over NATS).</summary>
    long Dropped { get; }
}
