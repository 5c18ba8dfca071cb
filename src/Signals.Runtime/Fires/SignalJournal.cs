using Market.Core.Journal;
using Signals.Library;

namespace Signals.Runtime.Fires;

/// <summary>
/// The signal journal: every fire as a <see cref="SignalFire"/> record in a journal of its own
/// (<c>{data}/{env}/signals</c>, the same engine as market data), the signal's name interned as
/// the instrument. Appends are committed one by one: fires are rare and readers (history tools,
/// the bus publisher) should see each at once.
/// </summary>
public sealed class SignalJournal : IFireSink, IDisposable
{
    /// <summary>The journal's feed name, and its folder under the environment.</summary>
    public const string FeedName = "signals";

    private readonly IJournal _journal;
    private readonly bool _ownsJournal;
    private readonly IJournalWriter _writer;
    private readonly Dictionary<string, uint> _ids = new(StringComparer.Ordinal);

    /// <summary>Writes into <paramref name="journal"/> (one writer per journal).</summary>
    /// <param name="journal">The signal journal.</param>
    /// <param name="ownsJournal">Dispose the journal with this object.</param>
    public SignalJournal(IJournal journal, bool ownsJournal = false)
    {
        ArgumentNullException.ThrowIfNull(journal);
        _journal = journal;
        _ownsJournal = ownsJournal;
        _writer = journal.OpenWriter();
    }

    /// <summary>Opens (creating if needed) the signal journal under <c>{data}/{env}/signals</c>.</summary>
    /// <param name="dataDirectory">The data directory.</param>
    /// <param name="environment">The environment.</param>
    /// <param name="options">Journal settings; null for the defaults.</param>
    /// <returns>The journal, owning its files.</returns>
    public static SignalJournal Open(string dataDirectory, string environment, JournalOptions? options = null) =>
        new(MmapJournal.Open(MmapJournal.PathFor(dataDirectory, environment, FeedName), options, create: true), ownsJournal: true);

    /// <summary>The underlying journal, for readers.</summary>
    public IJournal Journal => _journal;

    /// <summary>Raised after a fire is committed, with its journal sequence (on the evaluator's thread; keep it short).</summary>
    public event Action<long, SignalFire>? Appended;

    /// <inheritdoc/>
    public void OnFire(in SignalFire fire)
    {
        var id = Intern(fire.Signal);
        var stamped = fire with { InstrumentId = id };
        var sequence = _writer.Append(stamped);
        _writer.Commit();
        Appended?.Invoke(sequence, stamped);
    }

    /// <summary>Fires of <paramref name="signal"/> (or all) with event time in [from, to), oldest first, at most <paramref name="limit"/>.</summary>
    /// <param name="signal">A signal name, or null for every signal.</param>
    /// <param name="fromNanos">Inclusive start, UTC ns.</param>
    /// <param name="toNanos">Exclusive end, UTC ns.</param>
    /// <param name="limit">The most to return.</param>
    /// <returns>The fires with their journal sequences.</returns>
    public IReadOnlyList<(long Sequence, SignalFire Fire)> Read(string? signal, long fromNanos, long toNanos, int limit) =>
        ReadHistory(_journal, signal, fromNanos, toNanos, limit);

    /// <summary>Reads fires from any signal journal (also one another process writes).</summary>
    /// <param name="journal">A signal journal.</param>
    /// <param name="signal">A signal name, or null for every signal.</param>
    /// <param name="fromNanos">Inclusive start on the event clock, UTC ns.</param>
    /// <param name="toNanos">Exclusive end, UTC ns.</param>
    /// <param name="limit">The most to return.</param>
    /// <returns>The fires with their journal sequences, oldest first.</returns>
    public static IReadOnlyList<(long Sequence, SignalFire Fire)> ReadHistory(IJournal journal, string? signal, long fromNanos, long toNanos, int limit) =>
        ReadHistory(journal, signal, fromNanos, toNanos, limit, null);

    /// <summary>Reads fires from any signal journal, resuming at a journal sequence (a page cursor) when one is given.</summary>
    /// <param name="journal">A signal journal.</param>
    /// <param name="signal">A signal name, or null for every signal.</param>
    /// <param name="fromNanos">Inclusive start on the event clock, UTC ns.</param>
    /// <param name="toNanos">Exclusive end, UTC ns.</param>
    /// <param name="limit">The most to return.</param>
    /// <param name="fromSequence">Start at this sequence instead of seeking to <paramref name="fromNanos"/>; null to seek.</param>
    /// <returns>The fires with their journal sequences, oldest first.</returns>
    public static IReadOnlyList<(long Sequence, SignalFire Fire)> ReadHistory(IJournal journal, string? signal, long fromNanos, long toNanos, int limit, long? fromSequence)
    {
        ArgumentNullException.ThrowIfNull(journal);
        ArgumentOutOfRangeException.ThrowIfNegative(limit);
        var result = new List<(long, SignalFire)>();
        uint only = 0;
        if (signal is not null && !journal.Symbols.TryGetId(signal, out only)) return result;
        using var reader = journal.OpenReader();
        if (fromSequence is { } sequence) reader.SeekToSequence(sequence);
        else reader.SeekToTime(fromNanos);
        while (result.Count < limit && reader.TryRead(out var record))
        {
            if (record.TsRecv < fromNanos) continue;
            if (record.TsRecv >= toNanos) break;
            if (record.Kind != EventKind.SignalFire || (signal is not null && record.InstrumentId != only)) continue;
            if (SignalFire.TryReadPayload(record.Payload, new EventHeader(record.InstrumentId, record.TsEvent, record.TsRecv), out var fire))
            {
                result.Add((record.Sequence, fire));
            }
        }
        return result;
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        _writer.Dispose();
        if (_ownsJournal) _journal.Dispose();
    }

    private uint Intern(string signal)
    {
        if (_ids.TryGetValue(signal, out var id)) return id;
        return _ids[signal] = _writer.Intern(signal);
    }
}
