namespace Market.Core.Bus.Internal;

/// <summary>Anything the subscription index can deliver to: user subscriptions and the request inbox.</summary>
internal abstract class Subscriber(string pattern, string? queueGroup)
{
    /// <summary>The subject pattern, already validated.</summary>
    public string Pattern { get; } = pattern;

    /// <summary>The queue group, or null to receive every matching message.</summary>
    public string? QueueGroup { get; } = queueGroup;

    /// <summary>Queues the message; false when this subscriber is closed and took nothing.</summary>
    public abstract ValueTask<bool> DeliverAsync(BusMessage message, CancellationToken cancellationToken);

    /// <summary>Stops delivery for good.</summary>
    public abstract void Close();
}
