using Market.Core.Journal;

namespace Market.Core.Fanout.Internal;

/// <summary>
/// Reads matching records from the journal in bounded batches, so a long replay neither holds the
/// whole range in memory nor keeps the consumer waiting for a scan of records it does not want.
/// </summary>
internal sealed class CatchUpReader(IJournal journal, RecordMatcher matcher) : IDisposable
{
    private const int MaxBatch = 1024;
    private const int MaxScan = 16 * 1024;
    private readonly IJournalReader _reader = journal.OpenReader();

    /// <summary>
    /// Appends to <paramref name="into"/> the matching records after <paramref name="covered"/>, and
    /// moves <paramref name="covered"/> to the last sequence examined. False once at the journal's end.
    /// </summary>
    public bool ReadBatch(ref long covered, List<JournalEntry> into)
    {
        if (_reader.NextSequence != covered + 1) _reader.SeekToSequence(covered + 1);
        for (var scanned = 0; scanned < MaxScan && into.Count < MaxBatch; scanned++)
        {
            if (!_reader.TryRead(out var record)) return false;
            // Seeking beyond the end clamps there; records before the requested start are not wanted.
            if (record.Sequence <= covered) continue;
            covered = record.Sequence;
            if (matcher.Matches(record.Kind, record.InstrumentId)) into.Add(record.ToEntry());
        }
        return true;
    }

    public void Dispose() => _reader.Dispose();
}
