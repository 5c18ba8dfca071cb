namespace Market.Core.Playback;

/// <summary>What to play back and how to cut it into windows. Validated when a playback is created.</summary>
/// <param name="Start">First receive time selected, UTC nanoseconds (inclusive); also where the first window starts.</param>
/// <param name="End">Receive time where selection stops, UTC nanoseconds (exclusive).</param>
/// <param name="Window">Width of each window in nanoseconds.</param>
/// <param name="MaxPerWindow">Most events one window delivers; the rest are carried into the next window, never dropped.</param>
/// <param name="Clock">Which timestamp cuts the windows.</param>
/// <param name="MaxReportedOffenders">How many out-of-order events <see cref="PlaybackReport.FirstOffenders"/> keeps; all are counted.</param>
public sealed record PlaybackOptions(
    long Start,
    long End,
    long Window,
    int MaxPerWindow = int.MaxValue,
    PlaybackClock Clock = PlaybackClock.Event,
    int MaxReportedOffenders = 10)
{
    /// <summary>Throws <see cref="ArgumentException"/> naming the first invalid setting; returns this options otherwise.</summary>
    public PlaybackOptions Validate()
    {
        if (Start >= End) throw new ArgumentException($"Start must be before End (got Start {Start}, End {End})");
        if (Window <= 0) throw new ArgumentException($"Window must be positive (got {Window} ns)");
        if (MaxPerWindow < 1) throw new ArgumentException($"MaxPerWindow must be at least 1 (got {MaxPerWindow})");
        if (MaxReportedOffenders < 0) throw new ArgumentException($"MaxReportedOffenders cannot be negative (got {MaxReportedOffenders})");
        if (!Enum.IsDefined(Clock)) throw new ArgumentException($"Clock must be Event or Receive (got {(int)Clock})");
        return this;
    }
}
