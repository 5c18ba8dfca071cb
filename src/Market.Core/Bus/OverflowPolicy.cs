namespace Market.Core.Bus;

/// <summary>What a subscription's bounded queue does when a message arrives and it is full.</summary>
public enum OverflowPolicy
{
    /// <summary>
    /// In process, the publisher waits (asynchronously) until the subscriber makes room; nothing is
    /// lost. Over NATS a server never waits for a subscriber: the subscription holds its capacity
    /// plus the connection's pending limit, and beyond that it is a slow consumer whose drops are
    /// counted (catch up from the journal).
    /// </summary>
    Block,

    /// <summary>The oldest queued message is dropped to make room and counted in <see cref="IBusSubscription.Dropped"/>.</summary>
    DropOldest,

    /// <summary>
    /// At most one pending message per subject: a newer one replaces the older in place (so order
    /// across subjects is kept) and the replaced one is counted as dropped. When more distinct
    /// subjects are pending than the capacity, the oldest pending one is dropped.
    /// </summary>
    KeepLatestPerSubject,
}
