namespace Market.Core.Bus.Internal;

/// <summary>The members of one queue group that match a subject; hands out members round-robin.</summary>
internal sealed class QueueGroupMembers(string name, Subscriber[] members)
{
    private int _next = -1;

    /// <summary>The group's name.</summary>
    public string Name { get; } = name;

    /// <summary>The matching members, in subscription order.</summary>
    public Subscriber[] Members { get; } = members;

    /// <summary>The index at which the next delivery starts looking.</summary>
    public int NextStart() => (int)((uint)Interlocked.Increment(ref _next) % (uint)Members.Length);
}
