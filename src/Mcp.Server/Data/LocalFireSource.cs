using Signals.Runtime.Fires;

namespace Mcp.Server.Data;

/// <summary>Fires read straight from the signal journal under this server's data directory (co-located with the runtime, or sharing its disk).</summary>
/// <param name="store">Opens the journal.</param>
public sealed class LocalFireSource(SignalStore store) : ISignalFireSource
{
    /// <summary>Whether the data directory holds a signal journal yet.</summary>
    public bool HasJournal => store.Journal() is not null;

    /// <inheritdoc/>
    public SignalHistoryPage? History(string tool, string signal, long fromNanos, long toNanos, int limit, long? fromSequence, out string none)
    {
        var journal = store.Journal();
        if (journal is null || !journal.Symbols.TryGetId(signal, out _))
        {
            none = journal is null ? "no signal journal yet: nothing has fired in this environment" : "it has not fired yet";
            return null;
        }
        none = "";
        return SignalHistoryPage.Read(journal, signal, fromNanos, toNanos, limit, fromSequence);
    }

    /// <inheritdoc/>
    public IReadOnlyDictionary<string, SignalFireCount> Recent(string tool, IReadOnlyList<string> signals, long windowNanos, long scanBudget) =>
        store.Journal() is { } journal ? SignalFireCount.Recent(journal, windowNanos, scanBudget) : new Dictionary<string, SignalFireCount>();
}
