namespace Market.Core.Playback;

/// <summary>
/// What a playback did. Filled in while <see cref="JournalPlayback.Windows"/> is enumerated and final
/// once that enumeration ends; a new enumeration starts a new report.
/// </summary>
public sealed class PlaybackReport
{
    private readonly List<OutOfOrderEvent> _firstOffenders = [];

    /// <summary>Events delivered, over every window; equals the records selected after the filter.</summary>
    public long Events { get; private set; }

    /// <summary>Windows delivered (every one non-empty).</summary>
    public long Windows { get; private set; }

    /// <summary>Windows in [Start, End) that had no events and were not delivered.</summary>
    public long EmptyWindowsSkipped { get; internal set; }

    /// <summary>Events delivered in a later window than their own because of the per-window cap; each counted once.</summary>
    public long Carried { get; private set; }

    /// <summary>Events whose clock time was earlier than the highest seen before them.</summary>
    public long OutOfOrder { get; private set; }

    /// <summary>Records in the time range that the filter dropped.</summary>
    public long Filtered { get; internal set; }

    /// <summary>The first out-of-order events, in journal order, up to <see cref="PlaybackOptions.MaxReportedOffenders"/>.</summary>
    public IReadOnlyList<OutOfOrderEvent> FirstOffenders => _firstOffenders;

    internal void AddOutOfOrder(OutOfOrderEvent offender, int keep)
    {
        OutOfOrder++;
        if (_firstOffenders.Count < keep) _firstOffenders.Add(offender);
    }

    internal void AddDelivered(PlaybackWindow window)
    {
        Windows++;
        Events += window.Events.Count;
        Carried += window.CarriedIn;
    }
}
