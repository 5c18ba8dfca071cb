namespace Market.Core.Playback;

/// <summary>An event whose clock time was earlier than one already seen in the playback.</summary>
/// <param name="Sequence">The record's journal sequence.</param>
/// <param name="Timestamp">The record's time on the playback clock, UTC nanoseconds.</param>
/// <param name="PreviousMax">The highest clock time seen before it, UTC nanoseconds.</param>
public sealed record OutOfOrderEvent(long Sequence, long Timestamp, long PreviousMax);
