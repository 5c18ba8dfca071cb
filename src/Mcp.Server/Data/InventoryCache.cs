using System.Collections.Concurrent;
using Market.Core.Journal;

namespace Mcp.Server.Data;

/// <summary>
/// Builds <see cref="FeedInventory"/> by reading every record once, keeping each sealed chunk's
/// figures for good (a sealed chunk never changes) and re-reading only the active one.
/// </summary>
public sealed class InventoryCache(MarketData data)
{
    private const int RecordHeaderBytes = 40; // the journal's fixed record header; records are 8-byte aligned

    private readonly ConcurrentDictionary<string, IReadOnlyDictionary<(uint, int), DayCell>> _sealed = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Lock> _locks = new(StringComparer.Ordinal);

    /// <summary>Sealed chunks summarised so far (for tests and status).</summary>
    public int CachedChunks => _sealed.Count;

    /// <summary>The inventory of <paramref name="feed"/>.</summary>
    /// <param name="tool">The calling tool.</param>
    /// <param name="feed">The feed.</param>
    /// <returns>The inventory.</returns>
    public FeedInventory Get(string tool, string feed)
    {
        var journal = data.Journal(tool, feed);
        lock (_locks.GetOrAdd(feed, _ => new Lock()))
        {
            var cells = new Dictionary<(uint, int), DayCell>();
            var budget = data.Options.Caps.ScanBudget;
            var complete = true;
            foreach (var chunk in JournalInspector.Inspect(journal.Directory))
            {
                if (chunk.Records == 0) continue;
                var key = Path.Combine(journal.Directory, chunk.File);
                IReadOnlyDictionary<(uint, int), DayCell>? part = null;
                if (chunk.Sealed) _sealed.TryGetValue(key, out part);
                if (part is null)
                {
                    if (budget < chunk.Records)
                    {
                        complete = false;
                        break;
                    }
                    budget -= chunk.Records;
                    part = Summarise(journal, chunk.FirstSequence, chunk.LastSequence);
                    if (chunk.Sealed) _sealed[key] = part;
                }
                foreach (var (k, cell) in part)
                {
                    if (!cells.TryGetValue(k, out var into)) cells[k] = into = new DayCell();
                    into.Merge(cell);
                }
            }
            return new FeedInventory(feed, cells, complete);
        }
    }

    private static Dictionary<(uint, int), DayCell> Summarise(IJournal journal, long first, long last)
    {
        var cells = new Dictionary<(uint, int), DayCell>();
        using var reader = journal.OpenReader();
        reader.SeekToSequence(first);
        while (reader.NextSequence <= last && reader.TryRead(out var record))
        {
            var key = (record.InstrumentId, FeedInventory.DayOf(record.TsRecv));
            if (!cells.TryGetValue(key, out var cell)) cells[key] = cell = new DayCell();
            cell.Add(record.Kind, record.TsRecv, (RecordHeaderBytes + record.Payload.Length + 7) & ~7);
        }
        return cells;
    }
}
