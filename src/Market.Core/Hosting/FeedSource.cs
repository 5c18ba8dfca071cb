using Market.Core.Feeds.Connectors;

namespace Market.Core.Hosting;

/// <summary>
/// What drives a <see cref="FeedRecorder"/>: the simulated venue, a venue connection kept by a
/// <see cref="FeedRunner"/>, or a capture replay. Made by <see cref="FeedSources.Create"/>.
/// </summary>
public abstract class FeedSource : IAsyncDisposable
{
    private volatile string _reason = "starting";

    // Not Stopped before it runs: Stopped means the source has ended, and a capture's owner stops when all have.
    private int _state = (int)FeedState.Connecting;

    /// <summary>The recorder this source writes to.</summary>
    public abstract FeedRecorder Recorder { get; }

    /// <summary>Where the source stands now.</summary>
    public virtual FeedState State => (FeedState)Volatile.Read(ref _state);

    /// <summary>Why it is in <see cref="State"/>, for operators.</summary>
    public virtual string Reason => _reason;

    /// <summary>Called on every state change with its reason (from the source's own loop); null for none.</summary>
    public Action<FeedStateChange>? StateChanged { get; set; }

    /// <summary>
    /// Records until <paramref name="stop"/> fires or the source ends by itself (a capture's last
    /// line), committing as it goes and once more at the end. Call once.
    /// </summary>
    public abstract Task RunAsync(CancellationToken stop);

    /// <inheritdoc/>
    public virtual ValueTask DisposeAsync()
    {
        GC.SuppressFinalize(this);
        return ValueTask.CompletedTask;
    }

    /// <summary>Moves to <paramref name="state"/> and reports it.</summary>
    protected void SetState(FeedState state, string reason)
    {
        _reason = reason;
        Volatile.Write(ref _state, (int)state);
        StateChanged?.Invoke(new FeedStateChange(state, reason));
    }
}
