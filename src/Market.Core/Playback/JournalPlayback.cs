using Market.Core.Journal;
using Market.Core.Playback.Internal;

namespace Market.Core.Playback;

/// <summary>
/// Plays back a journal's time range as a sequence of fixed-width windows, streaming: it holds only
/// the window being filled plus any events carried over by the cap, never the whole range.
/// </summary>
/// <remarks>
/// <para>Selection: records with <c>TsRecv</c> in [<see cref="PlaybackOptions.Start"/>, <see cref="PlaybackOptions.End"/>),
/// read from the journal's current end no further (playback does not wait for new records), minus those the filter drops.</para>
/// <para>Windows are [Start + k·Window, Start + (k+1)·Window) on the chosen clock. The last window of the range is
/// not shortened when Window does not divide End - Start. Events are delivered in journal order, never reordered,
/// never dropped. Windows with no events are not delivered; they are counted in <see cref="PlaybackReport.EmptyWindowsSkipped"/>.</para>
/// <para>Out of order: an event whose clock time is earlier than the highest seen so far is delivered in the window
/// being filled (not moved back), counted, and the first few are reported. With <see cref="PlaybackClock.Event"/>,
/// an exchange time outside [Start, End) (a record received in range but stamped before Start, or after End by a
/// venue clock running ahead) also goes to the window being filled; one stamped after End raises the highest time
/// seen, so the events after it count as out of order. With <see cref="PlaybackClock.Receive"/> nothing is out of order.</para>
/// <para>Cap: a window delivers at most <see cref="PlaybackOptions.MaxPerWindow"/> events; the rest are carried to
/// the front of the next window, even one that would otherwise be empty, until the backlog drains. If it has not
/// drained by End, windows continue past End until it has.</para>
/// </remarks>
public sealed class JournalPlayback
{
    private readonly IJournal _journal;
    private readonly PlaybackOptions _options;
    private readonly Func<JournalRecord, bool>? _filter;

    /// <summary>Creates a playback; nothing is read until <see cref="Windows"/> is enumerated.</summary>
    /// <param name="journal">The journal to read; a reader is opened per enumeration.</param>
    /// <param name="options">The range, window and cap; validated here.</param>
    /// <param name="filter">Keeps a record when true (e.g. by <c>Kind</c> or <c>InstrumentId</c>); sees the record before it is copied. Null keeps all.</param>
    public JournalPlayback(IJournal journal, PlaybackOptions options, Func<JournalRecord, bool>? filter = null)
    {
        ArgumentNullException.ThrowIfNull(journal);
        ArgumentNullException.ThrowIfNull(options);
        _journal = journal;
        _options = options.Validate();
        _filter = filter;
    }

    /// <summary>The report of the latest enumeration of <see cref="Windows"/>; empty before the first.</summary>
    public PlaybackReport Report { get; private set; } = new();

    /// <summary>The non-empty windows of the range, in order; each enumeration reads the journal afresh.</summary>
    public IEnumerable<PlaybackWindow> Windows()
    {
        var report = Report = new PlaybackReport();
        var cutter = new WindowCutter(_options, report);
        using var reader = _journal.OpenReader();
        reader.SeekToTime(_options.Start);
        while (TryReadSelected(reader, report, out var entry))
        {
            cutter.Add(entry);
            while (cutter.TryTake(out var window))
            {
                report.AddDelivered(window);
                yield return window;
            }
        }
        cutter.Complete();
        while (cutter.TryTake(out var window))
        {
            report.AddDelivered(window);
            yield return window;
        }
    }

    /// <summary>The next record in range that the filter keeps, copied; false at End or the journal's end.</summary>
    private bool TryReadSelected(IJournalReader reader, PlaybackReport report, out JournalEntry entry)
    {
        while (reader.TryRead(out var record) && record.TsRecv < _options.End)
        {
            if (_filter is null || _filter(record))
            {
                entry = record.ToEntry();
                return true;
            }
            report.Filtered++;
        }
        entry = null!;
        return false;
    }
}
