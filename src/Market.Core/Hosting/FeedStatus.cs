namespace Market.Core.Pipeline;

/// <summary>One feed's health at a moment, for the status view and logs.</summary>
/// <param name="Feed">The feed.</param>
/// <param name="Events">Events recorded since start (snapshots and checkpoints included).</param>
/// <param name="EventsPerSecond">Events per second since the previous status of this feed.</param>
/// <param name="LagP50Nanos">Median TsRecv − TsEvent over recent events, in nanoseconds.</param>
/// <param name="Gaps">Gaps seen: venue sequence jumps detected plus disconnects reported.</param>
/// <param name="DeadLetters">Malformed messages dead-lettered.</param>
/// <param name="JournalBytes">Bytes of records appended to the journal since start.</param>
/// <param name="Published">Records published on the bus since start.</param>
/// <param name="LastSequence">The journal's last sequence.</param>
/// <param name="Stale">True while the feed is quiet on purpose (a stale period).</param>
public sealed record FeedStatus(
    string Feed, long Events, double EventsPerSecond, long LagP50Nanos, long Gaps, long DeadLetters, long JournalBytes, long Published, long LastSequence, bool Stale);
