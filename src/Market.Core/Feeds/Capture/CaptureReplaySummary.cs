namespace Market.Core.Feeds.Capture;

/// <summary>What a replay did.</summary>
/// <param name="Frames">Venue messages fed to the parser (<c>recv</c> lines, Binance depth snapshots, raw lines).</param>
/// <param name="Trades">Trade events emitted.</param>
/// <param name="Deltas">Book delta events emitted.</param>
/// <param name="Snapshots">Book snapshot events emitted.</param>
/// <param name="Quotes">Quote events emitted.</param>
/// <param name="Gaps">Gap events emitted (the venue's sequence skipped).</param>
/// <param name="Rejects">Lines and messages dead-lettered.</param>
/// <param name="CaptureSpan">Recorded time from the first paced frame to the last.</param>
/// <param name="Elapsed">Time the replay took on its clock.</param>
public sealed record CaptureReplaySummary(
    long Frames, long Trades, long Deltas, long Snapshots, long Quotes, long Gaps, long Rejects, TimeSpan CaptureSpan, TimeSpan Elapsed);
