using System.Collections.Concurrent;

namespace Mcp.Server.Status;

/// <summary>Counters of the server itself for <c>system_status</c>: connected clients, calls, refusals.</summary>
public sealed class ServerStats
{
    private readonly ConcurrentDictionary<string, long> _calls = new(StringComparer.Ordinal);
    private long _rejected;
    private int _clients;

    /// <summary>Clients connected now (stdio counts as one while it runs; HTTP counts live sessions).</summary>
    public int Clients => Volatile.Read(ref _clients);

    /// <summary>Calls refused for bad arguments before the tool ran.</summary>
    public long Rejected => Interlocked.Read(ref _rejected);

    /// <summary>Calls by tool.</summary>
    public IReadOnlyDictionary<string, long> Calls => new SortedDictionary<string, long>(_calls, StringComparer.Ordinal);

    /// <summary>Counts a call.</summary>
    /// <param name="tool">The tool.</param>
    public void CountCall(string tool) => _calls.AddOrUpdate(tool, 1, static (_, n) => n + 1);

    /// <summary>Counts a call refused for its arguments.</summary>
    public void CountRejected() => Interlocked.Increment(ref _rejected);

    /// <summary>A client connected.</summary>
    public void ClientConnected() => Interlocked.Increment(ref _clients);

    /// <summary>A client went away.</summary>
    public void ClientDisconnected() => Interlocked.Decrement(ref _clients);
}
