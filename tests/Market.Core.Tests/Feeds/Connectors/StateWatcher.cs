using System.Threading.Channels;
using Market.Core.Feeds.Connectors;

namespace Market.Core.Tests.Feeds.Connectors;

/// <summary>Reads a runner's state changes as a test waits for them, keeping every one it read.</summary>
public sealed class StateWatcher(FeedRunner runner)
{
    public List<FeedStateChange> Seen { get; } = [];

    /// <summary>Reads state changes until one matches (the <paramref name="nth"/> such), keeping all it read.</summary>
    public Task<FeedStateChange> WaitForStateAsync(FeedState state, int nth = 1) => WaitForStateAsync(c => c.State == state, $"{state} #{nth}", nth);

    /// <summary>Reads state changes until the <paramref name="nth"/> one matching <paramref name="match"/>.</summary>
    public async Task<FeedStateChange> WaitForStateAsync(Func<FeedStateChange, bool> match, string what, int nth = 1)
    {
        var found = Seen.Count(match);
        using var timeout = new CancellationTokenSource(ConnectorTestKit.Patience);
        while (found < nth)
        {
            FeedStateChange change;
            try
            {
                change = await runner.StateChanges.ReadAsync(timeout.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or ChannelClosedException)
            {
                throw new TimeoutException($"state {what} never came; saw: {string.Join(" → ", Seen.Select(s => s.State))}", e);
            }
            Seen.Add(change);
            if (match(change)) found++;
        }
        return Seen.Where(match).ElementAt(nth - 1);
    }
}
