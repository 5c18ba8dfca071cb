using System.Collections.Concurrent;

namespace Market.Core.Hosting;

/// <summary>
/// Every hosted feed's status in one place (a singleton), for the status view and, later, the MCP
/// <c>system_status</c> tool. Each feed's service posts a way to read its figures while it runs and
/// its final figures when it stops.
/// </summary>
public sealed class FeedStatusBoard
{
    private readonly ConcurrentDictionary<string, Func<FeedStatus>> _feeds = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<string> _order = new();

    /// <summary>The feeds posted, in the order they first were.</summary>
    public IReadOnlyList<string> Feeds => [.. _order];

    /// <summary>Posts (or replaces) how to read <paramref name="feed"/>'s status.</summary>
    /// <param name="feed">The feed.</param>
    /// <param name="status">Reads its figures now; called from any thread.</param>
    public void Post(string feed, Func<FeedStatus> status)
    {
        ArgumentException.ThrowIfNullOrEmpty(feed);
        ArgumentNullException.ThrowIfNull(status);
        if (_feeds.TryAdd(feed, status)) _order.Enqueue(feed);
        else _feeds[feed] = status;
    }

    /// <summary>One feed's status now, or null if it was never posted.</summary>
    /// <param name="feed">The feed.</param>
    public FeedStatus? Status(string feed) => _feeds.TryGetValue(feed, out var read) ? read() : null;

    /// <summary>Every feed's status now, in <see cref="Feeds"/> order.</summary>
    public IReadOnlyList<FeedStatus> Read() => [.. _order.Select(f => _feeds[f]())];
}
