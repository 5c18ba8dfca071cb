using Market.Core.Feeds.Connectors;

namespace Market.Core.Hosting;

/// <summary>One feed's health at a moment, for the status view, logs and <c>system_status</c>.</summary>
/// <param name="Feed">The feed.</param>
/// <param name="Kind">Its connector kind (sim, coinbase, binance, capture, …).</param>
/// <param name="State">Where its connection stands; a capture that reached its end is <see cref="FeedState.Stopped"/>.</param>
/// <param name="Events">Records journaled since start (venue snapshots and checkpoints included).</param>
/// <param name="EventsPerSecond">Records per second since the previous status of this feed.</param>
/// <param name="LagP50Nanos">Median TsRecv − TsEvent over recent events, in nanoseconds (0 before any).</param>
/// <param name="LagP99Nanos">99th percentile of the same, in nanoseconds (0 before any).</param>
/// <param name="Gaps">Gap records journaled: venue sequence jumps and disconnects.</param>
/// <param name="Reconnects">Connection attempts after the first.</param>
/// <param name="DeadLetters">Messages dead-lettered.</param>
/// <param name="JournalBytes">Bytes of records appended to the journal since start.</param>
/// <param name="Published">Records published on the bus since start.</param>
/// <param name="LastSequence">The journal's last sequence.</param>
/// <param name="Error">Why the feed failed, or null while it is healthy.</param>
public sealed record FeedStatus(
    string Feed,
    string Kind,
    FeedState State,
    long Events,
    double EventsPerSecond,
    long LagP50Nanos,
    long LagP99Nanos,
    long Gaps,
    long Reconnects,
    long DeadLetters,
    long JournalBytes,
    long Published,
    long LastSequence,
    string? Error = null)
{
    /// <summary>True while the feed is quiet (on purpose for the sim; presumed dead for a venue).</summary>
    public bool Stale => State == FeedState.Stale;
}
