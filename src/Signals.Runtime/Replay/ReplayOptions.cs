using Market.Core.Journal;

namespace Signals.Runtime.Replay;

/// <summary>One journal to replay, under the feed name subscriptions match.</summary>
/// <param name="Journal">The feed's journal.</param>
/// <param name="Feed">The feed name; the journal's own when null.</param>
public sealed record ReplaySource(IJournal Journal, string? Feed = null)
{
    /// <summary>The feed name in force.</summary>
    public string FeedName => Feed ?? Journal.Feed;
}

/// <summary>What to replay and how fast.</summary>
public sealed record ReplayOptions
{
    /// <summary>The first receive time replayed (inclusive), UTC ns; null from the start.</summary>
    public long? From { get; init; }

    /// <summary>The end of the range (exclusive), UTC ns; null to the end.</summary>
    public long? To { get; init; }

    /// <summary>Symbol patterns (<c>*</c>, <c>?</c>) to keep; null keeps all. Feed-wide records always pass.</summary>
    public IReadOnlyList<string>? Symbols { get; init; }

    /// <summary>Pacing by receive time (1 = real time, 10 = ten times faster); null replays as fast as possible.</summary>
    public double? Speed { get; init; }

    /// <summary>Events between <see cref="Progress"/> calls.</summary>
    public int ProgressEvery { get; init; } = 1_000_000;

    /// <summary>Called on the replay's thread every <see cref="ProgressEvery"/> events; null for none.</summary>
    public Action<ReplayProgress>? Progress { get; init; }

    /// <summary>Checks the values.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A value is out of range.</exception>
    public void Validate()
    {
        if (Speed is { } speed && !(speed > 0 && double.IsFinite(speed))) throw new ArgumentOutOfRangeException(nameof(Speed), Speed, "a positive, finite speed");
        ArgumentOutOfRangeException.ThrowIfLessThan(ProgressEvery, 1, nameof(ProgressEvery));
        if (From is { } from && To is { } to && to < from) throw new ArgumentOutOfRangeException(nameof(To), To, "the end is before the start");
    }
}

/// <summary>Where a replay has got to.</summary>
/// <param name="Events">Events processed.</param>
/// <param name="Fires">Fires emitted.</param>
/// <param name="TsRecv">The receive time of the latest event, UTC ns.</param>
/// <param name="Elapsed">Wall-clock time since the start.</param>
public readonly record struct ReplayProgress(long Events, long Fires, long TsRecv, TimeSpan Elapsed);

/// <summary>What a replay did.</summary>
/// <param name="Events">Events processed.</param>
/// <param name="Filtered">Records skipped by the symbol filter.</param>
/// <param name="Fires">Fires emitted.</param>
/// <param name="Elapsed">Wall-clock time.</param>
/// <param name="Cancelled">Whether it stopped on cancellation.</param>
public sealed record ReplayResult(long Events, long Filtered, long Fires, TimeSpan Elapsed, bool Cancelled)
{
    /// <summary>Events per second of wall-clock time.</summary>
    public double EventsPerSecond => Elapsed > TimeSpan.Zero ? Events / Elapsed.TotalSeconds : 0;
}
