using System.Runtime.CompilerServices;
using Market.Core.Bus;
using Market.Core.Bus.Nats;
using Market.Core.Journal;

namespace Market.Core.Fanout;

/// <summary>One record of a feed as a remote consumer sees it: the record and its instrument's symbol when known.</summary>
/// <param name="Feed">The feed's name.</param>
/// <param name="Symbol">The instrument's symbol; null for feed-wide records (instrument 0) and unnamed instruments.</param>
/// <param name="Entry">The record.</param>
public sealed record FeedRecord(string Feed, string? Symbol, JournalEntry Entry);

/// <summary>
/// <see cref="JournalReplayMerge"/> for a consumer without the journal: the bus carries the live
/// records and a core's <see cref="JournalReadService"/> the history, so every record of a feed
/// from a sequence on arrives once, in order, across slow-consumer drops and bus reconnects.
/// </summary>
/// <remarks>
/// <para>The same steps as the in-process merge, with requests in place of journal reads:</para>
/// <list type="number">
/// <item>Subscribe to <c>{env}.{feed}.*.*</c> first, buffering: whatever is published from now on is in the buffer.</item>
/// <item>Fetch from the start through the service until it says there is no more; <c>covered</c> is
/// the last sequence a reply covered. Buffered messages at or below it are duplicates and skipped.</item>
/// <item>Deliver live. A jump past <c>covered + 1</c>, a drop by the buffer, an unreadable message or
/// a reconnect of the connection (<see cref="NatsConnection.Reconnected"/>: whatever was published
/// while it was away never reached it) is a hole, filled through the service before going on.
/// Everything published is in the journal first, so the service holds every message the bus lost.</item>
/// </list>
/// <para>While the service cannot be reached (the server is down, no core answers) the fill is
/// retried with backoff; nothing is delivered out of order meanwhile.</para>
/// </remarks>
public static class RemoteJournalSubscription
{
    /// <summary>The live buffer: large, dropping the oldest (a drop is a hole the service fills).</summary>
    public static SubscriptionOptions DefaultOptions { get; } = new(100_000, OverflowPolicy.DropOldest);

    /// <summary>How long one read request may take.</summary>
    public static TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Every record of <paramref name="feed"/> from <paramref name="fromSequence"/> on, then live,
    /// until cancelled or the bus closes the subscription.
    /// </summary>
    /// <param name="bus">The bus a <see cref="JournalPublisher"/> publishes the feed on and a <see cref="JournalReadService"/> answers on.</param>
    /// <param name="environment">The subjects' first token.</param>
    /// <param name="feed">The feed's name.</param>
    /// <param name="fromSequence">The first sequence wanted; null starts at the first live record (holes after it are still filled).</param>
    /// <param name="cancellationToken">Ends the enumeration.</param>
    /// <exception cref="ArgumentException">A bad token or a start below 1.</exception>
    public static IAsyncEnumerable<FeedRecord> SubscribeFrom(IBus bus, string environment, string feed, long? fromSequence,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(bus);
        if (fromSequence is < 1) throw new ArgumentOutOfRangeException(nameof(fromSequence), fromSequence, "sequences start at 1");
        var pattern = FanoutSubjects.Pattern(environment, feed, null);
        return MergeAsync(bus, pattern, JournalReadService.Subject(environment), feed, fromSequence, cancellationToken);
    }

    private static async IAsyncEnumerable<FeedRecord> MergeAsync(IBus bus, string pattern, string service, string feed, long? fromSequence,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var subscription = bus.Subscribe(pattern, DefaultOptions);
        await using var _ = subscription.ConfigureAwait(false);
        var reconnected = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var connection = (bus as NatsBus)?.Connection;
        EventHandler<NatsConnectionEventArgs> onReconnected = (_, _) =>
            Interlocked.Exchange(ref reconnected, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
        if (connection is not null) connection.Reconnected += onReconnected;
        try
        {
            // Null start: covered is set by the first live record.
            var covered = (fromSequence ?? 0) - 1;
            var dropped = subscription.Dropped;
            var hole = fromSequence is not null;
            var messages = subscription.Messages;
            BusMessage? held = null;
            Task<bool>? waiting = null;
            while (true)
            {
                // Read before the fill: a reconnect during the fill makes another one.
                var signal = Volatile.Read(ref reconnected);
                if (hole && covered >= 0)
                {
                    hole = false;
                    var before = covered;
                    JournalReadReply reply;
                    do
                    {
                        reply = await FetchAsync(bus, service, feed, covered + 1, cancellationToken).ConfigureAwait(false);
                        foreach (var entry in reply.Records)
                        {
                            if (entry.Sequence <= covered) continue;
                            covered = entry.Sequence;
                            yield return new FeedRecord(feed, entry.InstrumentId != 0 && reply.Symbols.TryGetValue(entry.InstrumentId, out var s) ? s : null, entry);
                        }
                        covered = Math.Max(covered, reply.LastSequence);
                    }
                    while (reply.More);
                    // The answering journal is behind the message that showed the hole: ask again shortly rather than spin.
                    if (covered == before && held is not null) await Task.Delay(50, cancellationToken).ConfigureAwait(false);
                }
                while (!signal.Task.IsCompleted)
                {
                    BusMessage message;
                    if (held is not null)
                    {
                        message = held;
                        held = null;
                    }
                    else if (!messages.TryRead(out message!))
                    {
                        break;
                    }
                    var hasSequence = FanoutHeaders.TryGetSequence(message.Headers, out var sequence);
                    if (covered < 0 && hasSequence) covered = sequence - 1;
                    if (hasSequence && sequence <= covered && subscription.Dropped == dropped) continue;
                    var live = hasSequence && RecordCodec.TryDecode(message.Payload.Span, out var decoded) && decoded.Sequence == sequence ? decoded : null;
                    if (subscription.Dropped != dropped || live is null || sequence > covered + 1)
                    {
                        // Fill the hole first; this message (when readable) follows it.
                        dropped = subscription.Dropped;
                        hole = true;
                        if (live is not null) held = message;
                        break;
                    }
                    covered = sequence;
                    yield return new FeedRecord(feed, SymbolOf(message.Subject), live);
                }
                if (signal.Task.IsCompleted)
                {
                    // Reconnected: whatever was published while away never reached this subscription.
                    hole = true;
                    continue;
                }
                if (hole) continue;
                waiting ??= messages.WaitToReadAsync(cancellationToken).AsTask();
                var first = await Task.WhenAny(waiting, signal.Task).ConfigureAwait(false);
                if (first == waiting)
                {
                    if (!await waiting.ConfigureAwait(false)) yield break;
                    waiting = null;
                }
            }
        }
        finally
        {
            if (connection is not null) connection.Reconnected -= onReconnected;
        }
    }

    /// <summary>One read through the service, retried with backoff while it cannot answer (bus down, no core yet).</summary>
    private static async Task<JournalReadReply> FetchAsync(IBus bus, string service, string feed, long from, CancellationToken cancellationToken)
    {
        var request = new JournalReadRequest(feed, from).ToJson();
        var delay = TimeSpan.FromMilliseconds(20);
        while (true)
        {
            try
            {
                var answer = await bus.RequestAsync(service, request, RequestTimeout, cancellationToken).ConfigureAwait(false);
                if (!JournalReadReply.TryDecode(answer.Payload.Span, out var reply)) throw new InvalidDataException($"{service} answered something that is not a journal read reply");
                if (reply.Error is not null) throw new InvalidOperationException($"{service}: {reply.Error}");
                return reply;
            }
            catch (Exception e) when (e is NoRespondersException or TimeoutException or NatsException or IOException && !cancellationToken.IsCancellationRequested)
            {
                await Task.Delay(delay, cancellationToken).ConfigureAwait(false);
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, TimeSpan.FromSeconds(1).Ticks));
            }
        }
    }

    /// <summary>The symbol token of <c>{env}.{feed}.{kind}.{symbol}</c>, unescaped; null for feed-wide and unnamed instruments.</summary>
    private static string? SymbolOf(string subject)
    {
        var last = subject.LastIndexOf('.');
        var token = subject[(last + 1)..];
        if (token == FanoutSubjects.FeedWideSymbol || token.StartsWith("_id", StringComparison.Ordinal)) return null;
        return Subjects.UnescapeToken(token);
    }
}
