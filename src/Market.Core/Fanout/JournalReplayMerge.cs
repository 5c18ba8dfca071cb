using System.Runtime.CompilerServices;
using Market.Core.Bus;
using Market.Core.Fanout.Internal;
using Market.Core.Journal;

namespace Market.Core.Fanout;

/// <summary>
/// Replay from the journal merged into the live bus stream: every matching record from a sequence
/// on, once each, in sequence order, with no gap at the switch-over (the kdb+tick "replay the log,
/// then go live" and Aeron replay-merge pattern).
/// </summary>
/// <remarks>
/// <para>The algorithm, and why each step is there:</para>
/// <list type="number">
/// <item>Subscribe to the live subjects first, buffering. Anything published from now on is in the
/// buffer; anything published before is already in the journal, because
/// <see cref="JournalPublisher"/> publishes only what the journal holds.</item>
/// <item>Replay the journal from the requested sequence to its end, tracking <c>covered</c>: the last
/// sequence examined, so every matching record up to it has been delivered.</item>
/// <item>Drain the buffer: a message whose <see cref="FanoutHeaders.Sequence"/> is at or below
/// <c>covered</c> is a duplicate of the replay and is skipped undecoded; a newer one is delivered
/// and moves <c>covered</c> on.</item>
/// <item>A hole (the subscription's <see cref="IBusSubscription.Dropped"/> grew, a message without a
/// readable sequence or record, or, for a feed-wide subscription, a jump of more than one) is filled
/// by replaying the journal from <c>covered</c> to its end before the message is considered. Every
/// message lost from the buffer was in the journal before it was published, so that replay holds it.</item>
/// </list>
/// <para>The default subscription drops the oldest message rather than block, so a slow consumer of a
/// long replay never stalls the publisher and everyone else on the bus; step 4 repairs the drops.</para>
/// </remarks>
public static class JournalReplayMerge
{
    /// <summary>The live buffer used unless the caller passes one: 10,000 messages, dropping the oldest.</summary>
    public static SubscriptionOptions DefaultOptions { get; } = new(10_000, OverflowPolicy.DropOldest);

    /// <summary>
    /// Every record of <paramref name="journal"/>'s feed matching <paramref name="filter"/>, from
    /// <paramref name="fromSequence"/> on (or from the first record held, if retention dropped it),
    /// replayed and then live until cancelled or the bus closes the subscription.
    /// </summary>
    /// <param name="bus">Where a <see cref="JournalPublisher"/> publishes the journal.</param>
    /// <param name="journal">The feed's journal; its <see cref="IJournal.Feed"/> is the subject's feed token.</param>
    /// <param name="environment">The subjects' first token.</param>
    /// <param name="fromSequence">The first sequence wanted; beyond the end waits for live records.</param>
    /// <param name="filter">Kind and symbol to keep; null keeps every record.</param>
    /// <param name="options">The live buffer; <see cref="DefaultOptions"/> when null. A queue group would split the feed, so none is allowed.</param>
    /// <param name="cancellationToken">Ends the enumeration.</param>
    /// <exception cref="ArgumentException">A bad token, a start below 1, or options with a queue group.</exception>
    public static IAsyncEnumerable<JournalEntry> SubscribeFrom(this IBus bus, IJournal journal, string environment, long fromSequence,
        ReplayFilter? filter = null, SubscriptionOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(bus);
        ArgumentNullException.ThrowIfNull(journal);
        ArgumentOutOfRangeException.ThrowIfLessThan(fromSequence, 1);
        options ??= DefaultOptions;
        if (options.QueueGroup is not null)
        {
            throw new ArgumentException("a replay-merged subscription must see every message; use options without a queue group", nameof(options));
        }
        filter ??= new ReplayFilter();
        var pattern = FanoutSubjects.Pattern(environment, journal.Feed, filter);
        return MergeAsync(bus, journal, pattern, fromSequence, filter, options, cancellationToken);
    }

    private static async IAsyncEnumerable<JournalEntry> MergeAsync(IBus bus, IJournal journal, string pattern, long fromSequence,
        ReplayFilter filter, SubscriptionOptions options, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        // 1. Live first, so nothing published from here on can be missed.
        var subscription = bus.Subscribe(pattern, options);
        await using var _ = subscription.ConfigureAwait(false);
        using var catchUp = new CatchUpReader(journal, new RecordMatcher(filter, journal.Symbols));
        var covered = fromSequence - 1;
        var dropped = subscription.Dropped;
        var batch = new List<JournalEntry>();

        // 2. Replay what the journal holds.
        bool more;
        do
        {
            batch.Clear();
            more = catchUp.ReadBatch(ref covered, batch);
            foreach (var entry in batch) yield return entry;
        }
        while (more);

        // 3. and 4. Drain the buffer and go on live, filling holes from the journal.
        var messages = subscription.Messages;
        while (await messages.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
        {
            while (messages.TryRead(out var message))
            {
                var hasSequence = FanoutHeaders.TryGetSequence(message.Headers, out var sequence);
                // Duplicates of the replay are skipped undecoded; a pending hole is found on the next newer message.
                if (hasSequence && sequence <= covered && subscription.Dropped == dropped) continue;
                var live = hasSequence && RecordCodec.TryDecode(message.Payload.Span, out var decoded) && decoded.Sequence == sequence ? decoded : null;
                if (subscription.Dropped != dropped || live is null || (filter.IsFeedWide && sequence > covered + 1))
                {
                    dropped = subscription.Dropped;
                    do
                    {
                        batch.Clear();
                        more = catchUp.ReadBatch(ref covered, batch);
                        foreach (var entry in batch) yield return entry;
                    }
                    while (more);
                }
                // An unreadable message was replaced by the journal's copy above.
                if (live is null || sequence <= covered) continue;
                covered = sequence;
                yield return live;
            }
        }
    }
}
