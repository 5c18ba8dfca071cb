namespace Market.Core.Journal;

/// <summary>A record filter; takes the record by reference since it is a view into the journal.</summary>
public delegate bool RecordFilter(in JournalRecord record);

/// <summary>Positioning helpers every reader gets: the last N records, the last stretch of time.</summary>
public static class JournalReaderExtensions
{
    /// <summary>
    /// Positions the reader so that what follows holds the last <paramref name="count"/> records
    /// (or the last <paramref name="count"/> that <paramref name="filter"/> keeps, looking back in
    /// growing steps). Fewer are left when the journal holds fewer.
    /// </summary>
    public static void SeekToLast(this IJournalReader reader, long count, RecordFilter? filter = null)
    {
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        reader.SeekToEnd();
        var end = reader.NextSequence;
        reader.SeekToSequence(0);
        var first = reader.NextSequence;
        if (filter is null)
        {
            reader.SeekToSequence(Math.Max(first, end - count));
            return;
        }
        for (var back = count; ; back = back > long.MaxValue / 4 ? long.MaxValue : back * 4)
        {
            var start = Math.Max(first, end - back);
            reader.SeekToSequence(start);
            var found = new Queue<long>();
            while (reader.NextSequence < end && reader.TryRead(out var record))
            {
                if (!filter(record)) continue;
                found.Enqueue(record.Sequence);
                if (found.Count > count) found.Dequeue();
            }
            if (found.Count == count || start == first)
            {
                reader.SeekToSequence(found.Count > 0 ? found.Peek() : end);
                return;
            }
        }
    }

    /// <summary>
    /// Positions the reader at the first record of the journal's final <paramref name="nanos"/>
    /// nanoseconds of receive time, ending at its last record (not at now: a recorded journal has
    /// a last stretch even when nothing arrived lately).
    /// </summary>
    public static void SeekToLastDuration(this IJournalReader reader, long nanos)
    {
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentOutOfRangeException.ThrowIfNegative(nanos);
        reader.SeekToEnd();
        var last = reader.NextSequence - 1;
        if (!reader.SeekToSequence(last) || !reader.TryRead(out var record))
        {
            reader.SeekToEnd();
            return;
        }
        reader.SeekToTime(record.TsRecv - nanos + 1);
    }
}
