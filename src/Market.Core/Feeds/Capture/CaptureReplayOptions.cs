namespace Market.Core.Feeds.Capture;

/// <summary>How a capture is replayed.</summary>
/// <param name="Speed">Pace relative to the recording: 1 is the original pace, N is N× faster, 0 is full speed (no waiting).</param>
/// <param name="StampNow">
/// False (the default) stamps each event's TsRecv with the frame's recorded time, so replays are
/// reproducible; true stamps it with the replay clock's now, as a live feed would.
/// </param>
public sealed record CaptureReplayOptions(double Speed = 0, bool StampNow = false)
{
    /// <summary>Throws if the speed is negative, infinite or not a number.</summary>
    /// <returns>These options.</returns>
    public CaptureReplayOptions Validate()
    {
        if (!double.IsFinite(Speed) || Speed < 0) throw new ArgumentOutOfRangeException(nameof(Speed), Speed, "speed must be 0 (full speed) or a positive multiple of the original pace");
        return this;
    }
}
