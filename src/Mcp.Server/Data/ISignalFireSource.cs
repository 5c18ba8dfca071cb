using Signals.Runtime.Fires;

namespace Mcp.Server.Data;

/// <summary>
/// Where the signal tools read fires: the signal journal under this server's data directory
/// (<see cref="LocalFireSource"/>), or a runtime in another process asked over the bus
/// (<see cref="BusFireSource"/>, <c>{env}.svc.signals.history</c>). Both page with the same cursor,
/// the signal-journal sequence the next page starts at.
/// </summary>
public interface ISignalFireSource
{
    /// <summary>A page of a signal's fires with event time in [from, to), oldest first.</summary>
    /// <param name="tool">The calling tool, for errors.</param>
    /// <param name="signal">The signal's name.</param>
    /// <param name="fromNanos">Inclusive start, UTC ns.</param>
    /// <param name="toNanos">Exclusive end, UTC ns.</param>
    /// <param name="limit">The page size.</param>
    /// <param name="fromSequence">The previous page's <see cref="SignalHistoryPage.Next"/>; null for the first.</param>
    /// <param name="none">When null is returned, why there are no fires, for the result's note.</param>
    /// <returns>The page; null when the journal holds no fire of the signal at all.</returns>
    /// <exception cref="Results.ToolError">The fires cannot be read (no runtime answered, a refused query).</exception>
    SignalHistoryPage? History(string tool, string signal, long fromNanos, long toNanos, int limit, long? fromSequence, out string none);

    /// <summary>Fires per signal over the last <paramref name="windowNanos"/> of the journal.</summary>
    /// <param name="tool">The calling tool, for errors.</param>
    /// <param name="signals">The signals wanted (others may be included).</param>
    /// <param name="windowNanos">The window, ns.</param>
    /// <param name="scanBudget">The most records to read.</param>
    /// <returns>The counts of the signals that fired, by name.</returns>
    /// <exception cref="Results.ToolError">The fires cannot be read.</exception>
    IReadOnlyDictionary<string, SignalFireCount> Recent(string tool, IReadOnlyList<string> signals, long windowNanos, long scanBudget);
}
