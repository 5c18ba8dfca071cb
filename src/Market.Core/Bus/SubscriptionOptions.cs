namespace Market.Core.Bus;

/// <summary>How a subscription queues and shares messages.</summary>
/// <param name="Capacity">Messages (or, for <see cref="OverflowPolicy.KeepLatestPerSubject"/>, subjects) the queue holds.</param>
/// <param name="Overflow">What happens when the queue is full.</param>
/// <param name="QueueGroup">When set, each message goes to only one subscription of this group.</param>
public sealed record SubscriptionOptions(int Capacity = 10_000, OverflowPolicy Overflow = OverflowPolicy.Block, string? QueueGroup = null)
{
    /// <summary>The defaults: 10,000 messages, block when full, no queue group.</summary>
    public static SubscriptionOptions Default { get; } = new();

    /// <summary>Throws <see cref="ArgumentException"/> naming the bad setting.</summary>
    public void Validate()
    {
        if (Capacity < 1) throw new ArgumentException($"subscription capacity must be at least 1, not {Capacity}", nameof(Capacity));
        if (!Enum.IsDefined(Overflow)) throw new ArgumentException($"unknown overflow policy {(int)Overflow}", nameof(Overflow));
        if (QueueGroup is not null && (QueueGroup.Length == 0 || QueueGroup.Any(c => char.IsWhiteSpace(c) || char.IsControl(c))))
        {
            throw new ArgumentException($"queue group '{QueueGroup}' must be non-empty and contain no whitespace", nameof(QueueGroup));
        }
    }
}
