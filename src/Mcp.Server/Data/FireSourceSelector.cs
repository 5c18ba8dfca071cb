using Signals.Runtime.Fires;

namespace Mcp.Server.Data;

/// <summary>
/// The fires the tools see: the signal journal in this data directory when there is one (or when
/// there is no bus), otherwise the runtime answering over the bus. Chosen per call, so a journal that
/// appears later (a runtime started here) takes over.
/// </summary>
/// <param name="local">The journal under this server's data directory.</param>
/// <param name="remote">The bus source, or null without a bus.</param>
public sealed class FireSourceSelector(LocalFireSource local, BusFireSource? remote) : ISignalFireSource
{
    private ISignalFireSource Current => remote is null || local.HasJournal ? local : remote;

    /// <inheritdoc/>
    public SignalHistoryPage? History(string tool, string signal, long fromNanos, long toNanos, int limit, long? fromSequence, out string none) =>
        Current.History(tool, signal, fromNanos, toNanos, limit, fromSequence, out none);

    /// <inheritdoc/>
    public IReadOnlyDictionary<string, SignalFireCount> Recent(string tool, IReadOnlyList<string> signals, long windowNanos, long scanBudget) =>
        Current.Recent(tool, signals, windowNanos, scanBudget);
}
