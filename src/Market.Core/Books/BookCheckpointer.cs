using Market.Core.Journal;
using Signals.Library;
using Signals.Library.Book;

namespace Market.Core.Books;

/// <summary>
/// Writes periodic <see cref="BookSnapshot"/> records so <see cref="BookHistory.BookAt(IJournal, uint, long)"/>
/// never replays far. A recorder appends each delta, applies it to the instrument's book, then
/// calls <see cref="OnDelta"/>. Periodic snapshots carry no <see cref="RecordFlags.Resync"/>: they
/// restate the book, they do not rebuild it. Not thread-safe, like the writer it wraps.
/// </summary>
public sealed class BookCheckpointer
{
    private readonly IJournalWriter _writer;
    private readonly BookCheckpointOptions _options;
    private readonly Dictionary<uint, (long Deltas, long Since)> _state = [];

    /// <summary>Creates a checkpointer writing through <paramref name="writer"/>.</summary>
    /// <param name="writer">The journal's writer, the one the deltas go through.</param>
    /// <param name="options">When to checkpoint; null for the defaults.</param>
    public BookCheckpointer(IJournalWriter writer, BookCheckpointOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(writer);
        _writer = writer;
        _options = (options ?? new BookCheckpointOptions()).Validate();
    }

    /// <summary>Snapshots written so far.</summary>
    public long Written { get; private set; }

    /// <summary>Counts a delta already appended and applied to <paramref name="book"/>, and checkpoints the book if one is due.</summary>
    /// <param name="delta">The delta just recorded; its times stamp the snapshot, so the snapshot follows it in the journal.</param>
    /// <param name="book">The instrument's book with the delta applied.</param>
    /// <returns>The snapshot's sequence, or 0 when none was due.</returns>
    public long OnDelta(in BookDelta delta, OrderBook book)
    {
        ArgumentNullException.ThrowIfNull(book);
        var (deltas, since) = _state.TryGetValue(delta.InstrumentId, out var s) ? s : (0, delta.TsRecv);
        deltas++;
        var due = (_options.EveryDeltas > 0 && deltas >= _options.EveryDeltas)
            || (_options.EveryNanos > 0 && delta.TsRecv - since >= _options.EveryNanos);
        if (!due)
        {
            _state[delta.InstrumentId] = (deltas, since);
            return 0;
        }
        return Checkpoint(book, delta.InstrumentId, delta.TsEvent, delta.TsRecv);
    }

    /// <summary>
    /// Restarts an instrument's counters without writing: the venue just sent a full snapshot
    /// (after a subscribe or resync), which serves as a checkpoint already.
    /// </summary>
    /// <param name="instrumentId">The instrument.</param>
    /// <param name="tsRecv">The snapshot's receive time.</param>
    public void Restart(uint instrumentId, long tsRecv) => _state[instrumentId] = (0, tsRecv);

    /// <summary>Writes a snapshot of <paramref name="book"/> now and restarts the instrument's counters.</summary>
    /// <param name="book">The instrument's book.</param>
    /// <param name="instrumentId">The instrument.</param>
    /// <param name="tsEvent">The snapshot's exchange time.</param>
    /// <param name="tsRecv">The snapshot's receive time.</param>
    /// <returns>The snapshot's sequence.</returns>
    public long Checkpoint(OrderBook book, uint instrumentId, long tsEvent, long tsRecv)
    {
        ArgumentNullException.ThrowIfNull(book);
        var snapshot = book.Snapshot(tsEvent, tsRecv, instrumentId);
        var sequence = _writer.Append(snapshot);
        _state[instrumentId] = (0, tsRecv);
        Written++;
        return sequence;
    }
}
