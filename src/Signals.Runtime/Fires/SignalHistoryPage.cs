using Market.Core.Fanout;
using Market.Core.Journal;
using Signals.Library;

namespace Signals.Runtime.Fires;

/// <summary>
/// One page of a signal's fires, oldest first, and the signal-journal sequence the next page starts
/// at (the paging cursor of <c>get_signal_history</c>, the same whether the journal is read here or
/// by a runtime over the bus).
/// </summary>
/// <param name="Fires">The fires with their journal sequences.</param>
/// <param name="Next">Where the next page starts (pass it as the read's start sequence); null when there are no more.</param>
public sealed record SignalHistoryPage(IReadOnlyList<(long Sequence, SignalFire Fire)> Fires, long? Next)
{
    /// <summary>
    /// Reads up to <paramref name="limit"/> fires of <paramref name="signal"/> with event time in
    /// [from, to) with <see cref="SignalJournal.ReadHistory(IJournal, string?, long, long, int, long?)"/>,
    /// stopping early when their bus records (<see cref="RecordCodec"/>) would pass
    /// <paramref name="maxBytes"/> (never before the first fire).
    /// </summary>
    /// <param name="journal">A signal journal.</param>
    /// <param name="signal">The signal's name.</param>
    /// <param name="fromNanos">Inclusive start on the event clock, UTC ns.</param>
    /// <param name="toNanos">Exclusive end, UTC ns.</param>
    /// <param name="limit">The most fires on the page (1 or more).</param>
    /// <param name="fromSequence">A previous page's <see cref="Next"/>; null for the first page.</param>
    /// <param name="maxBytes">The most record bytes on the page.</param>
    /// <returns>The page.</returns>
    public static SignalHistoryPage Read(IJournal journal, string signal, long fromNanos, long toNanos, int limit, long? fromSequence, int maxBytes = int.MaxValue)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        // One past the page says whether there is more, and where it starts.
        var fires = SignalJournal.ReadHistory(journal, signal, fromNanos, toNanos, limit + 1, fromSequence);
        var take = 0;
        long bytes = 0;
        while (take < Math.Min(limit, fires.Count))
        {
            var size = RecordCodec.GetEncodedLength(fires[take].Fire.PayloadSize);
            if (take > 0 && bytes + size > maxBytes) break;
            bytes += size;
            take++;
        }
        return new SignalHistoryPage(take == fires.Count ? fires : [.. fires.Take(take)], take < fires.Count ? fires[take].Sequence : null);
    }
}
