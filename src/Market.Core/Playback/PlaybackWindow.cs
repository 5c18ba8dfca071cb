using Market.Core.Journal;

namespace Market.Core.Playback;

/// <summary>One non-empty window of a playback.</summary>
/// <param name="Start">The window's first instant on the playback clock, UTC nanoseconds (inclusive).</param>
/// <param name="End">The window's end on the playback clock, UTC nanoseconds (exclusive): <c>Start + Window</c>.</param>
/// <param name="Events">The events delivered in this window, in journal order: first the carried ones, then the window's own.</param>
/// <param name="CarriedIn">How many events at the front of <paramref name="Events"/> belong to an earlier window and were carried here by the per-window cap.</param>
public sealed record PlaybackWindow(long Start, long End, IReadOnlyList<JournalEntry> Events, int CarriedIn);
