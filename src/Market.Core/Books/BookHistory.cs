using Market.Core.Journal;
using Signals.Library;
using Signals.Library.Book;

namespace Market.Core.Books;

/// <summary>Rebuilds an instrument's book as it stood at any receive time, from the nearest snapshot in the journal.</summary>
public static class BookHistory
{
    /// <summary>The first look-back step; it doubles until a snapshot or the journal's start is reached.</summary>
    public const long InitialStepNanos = 1_000_000_000;

    /// <summary>
    /// The book of <paramref name="instrumentId"/> after every record with TsRecv at or before
    /// <paramref name="atTsRecv"/>: the last <see cref="BookSnapshot"/> of the instrument at or
    /// before then, with the instrument's later <see cref="BookDelta"/> records applied. Without
    /// any snapshot the deltas are replayed from the journal's first held record (so after retention
    /// has dropped older chunks, a journal without snapshots yields only the levels touched since).
    /// </summary>
    /// <param name="journal">The feed's journal.</param>
    /// <param name="instrumentId">The instrument.</param>
    /// <param name="atTsRecv">The instant, UTC nanoseconds; <see cref="long.MaxValue"/> means the journal's end.</param>
    /// <param name="info">Where the replay started and how much it did.</param>
    /// <param name="into">A book to reuse (it is cleared first); null makes a new one.</param>
    /// <returns>The book.</returns>
    public static OrderBook BookAt(IJournal journal, uint instrumentId, long atTsRecv, out BookReplayInfo info, OrderBook? into = null)
    {
        ArgumentNullException.ThrowIfNull(journal);
        var book = into ?? new OrderBook();
        book.Clear();
        using var reader = journal.OpenReader();
        if (atTsRecv == long.MaxValue) reader.SeekToEnd();
        else reader.SeekToTime(atTsRecv + 1);
        var end = reader.NextSequence;
        var (snapshot, scanned) = FindCheckpoint(reader, instrumentId, LastTsRecv(reader, end, atTsRecv), end);
        reader.SeekToSequence(snapshot);
        long deltas = 0, undecodable = 0;
        while (reader.NextSequence < end && reader.TryRead(out var record))
        {
            scanned++;
            if (record.InstrumentId != instrumentId) continue;
            var header = new EventHeader(record.InstrumentId, record.TsEvent, record.TsRecv);
            if (record.Kind == EventKind.BookDelta)
            {
                if (BookDelta.TryReadPayload(record.Payload, header, out var delta) && book.Apply(delta)) deltas++;
                else undecodable++;
            }
            else if (record.Kind == EventKind.BookSnapshot)
            {
                if (BookSnapshot.TryReadPayload(record.Payload, header, out var snap)) book.Apply(snap);
                else undecodable++;
            }
        }
        info = new BookReplayInfo(snapshot, deltas, scanned, undecodable);
        return book;
    }

    /// <summary>The book at an instant, without the replay details.</summary>
    /// <param name="journal">The feed's journal.</param>
    /// <param name="instrumentId">The instrument.</param>
    /// <param name="atTsRecv">The instant, UTC nanoseconds; <see cref="long.MaxValue"/> means the journal's end.</param>
    /// <returns>The book.</returns>
    public static OrderBook BookAt(IJournal journal, uint instrumentId, long atTsRecv) => BookAt(journal, instrumentId, atTsRecv, out _);

    // Steps count back from the last record actually included, so an instant far past the journal's
    // end (or long.MaxValue) does not turn the first step into a scan of the whole journal.
    private static long LastTsRecv(IJournalReader reader, long end, long at)
    {
        if (!reader.SeekToSequence(end - 1) || !reader.TryRead(out var last)) return at;
        return Math.Min(at, last.TsRecv);
    }

    // Readers only go forward, so look back in doubling steps of receive time. Each pass scans only
    // the stretch the previous pass did not, ending where it began. Returns 0 for "no snapshot".
    private static (long Sequence, long Scanned) FindCheckpoint(IJournalReader reader, uint instrumentId, long at, long end)
    {
        reader.SeekToSequence(0);
        var first = reader.NextSequence;
        long scanned = 0;
        var stop = end;
        for (var step = InitialStepNanos; stop > first; step = step > long.MaxValue / 2 ? long.MaxValue : step * 2)
        {
            var from = at < long.MinValue + step ? long.MinValue : at - step;
            if (from == long.MinValue) reader.SeekToSequence(first);
            else reader.SeekToTime(from);
            var start = reader.NextSequence;
            long found = 0;
            while (reader.NextSequence < stop && reader.TryRead(out var record))
            {
                scanned++;
                if (record.Kind == EventKind.BookSnapshot && record.InstrumentId == instrumentId) found = record.Sequence;
            }
            if (found != 0) return (found, scanned);
            stop = Math.Min(stop, start);
        }
        return (0, scanned);
    }
}
