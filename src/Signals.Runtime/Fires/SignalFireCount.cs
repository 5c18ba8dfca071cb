using System.Text.Json.Serialization;
using Market.Core.Journal;
using Signals.Library;

namespace Signals.Runtime.Fires;

/// <summary>How often a signal fired over a recent window of the signal journal, and when last.</summary>
/// <param name="Signal">The signal's name.</param>
/// <param name="Count">Fires in the window.</param>
/// <param name="Last">The last one's event time, UTC ns.</param>
public sealed record SignalFireCount(
    [property: JsonPropertyName("signal")] string Signal,
    [property: JsonPropertyName("count")] long Count,
    [property: JsonPropertyName("last")] long Last)
{
    /// <summary>
    /// Fires per signal over the last <paramref name="windowNanos"/> of the journal (ending at its
    /// last record, not the wall clock), reading at most <paramref name="scanBudget"/> records.
    /// </summary>
    /// <param name="journal">A signal journal.</param>
    /// <param name="windowNanos">The window's length, ns.</param>
    /// <param name="scanBudget">The most records to read.</param>
    /// <returns>One count per signal that fired in the window, by name.</returns>
    public static IReadOnlyDictionary<string, SignalFireCount> Recent(IJournal journal, long windowNanos, long scanBudget)
    {
        ArgumentNullException.ThrowIfNull(journal);
        var counts = new Dictionary<string, (long Count, long Last)>(StringComparer.Ordinal);
        var end = journal.LastSequence;
        if (end < 1) return new Dictionary<string, SignalFireCount>();
        var names = journal.Symbols.All().ToDictionary(p => p.Key, p => p.Value);
        using var reader = journal.OpenReader();
        reader.SeekToSequence(end);
        if (!reader.TryRead(out var lastRecord)) return new Dictionary<string, SignalFireCount>();
        reader.SeekToTime(lastRecord.TsRecv - windowNanos);
        long scanned = 0;
        while (scanned++ < scanBudget && reader.TryRead(out var record))
        {
            if (record.Kind != EventKind.SignalFire || !names.TryGetValue(record.InstrumentId, out var signal)) continue;
            counts[signal] = (counts.GetValueOrDefault(signal).Count + 1, record.TsEvent);
        }
        return counts.ToDictionary(c => c.Key, c => new SignalFireCount(c.Key, c.Value.Count, c.Value.Last), StringComparer.Ordinal);
    }
}
