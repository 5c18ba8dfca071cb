using Market.Core.Journal;

namespace Market.Core.Playback.Internal;

/// <summary>
/// Cuts a stream of entries, in journal order, into capped windows without reordering or dropping
/// any. Holds only the window being filled and the backlog carried out of full ones.
/// </summary>
internal sealed class WindowCutter
{
    private readonly PlaybackOptions _options;
    private readonly PlaybackReport _report;
    private readonly ulong _windowsInRange;
    private readonly Queue<JournalEntry> _carry = new();
    private readonly Queue<PlaybackWindow> _ready = new();
    private List<JournalEntry> _current = [];
    private ulong _index;
    private long _maxSeen = long.MinValue;

    public WindowCutter(PlaybackOptions options, PlaybackReport report)
    {
        _options = options;
        _report = report;
        // Unsigned, because End - Start may exceed long.MaxValue.
        var span = unchecked((ulong)(options.End - options.Start));
        _windowsInRange = span / (ulong)options.Window + (span % (ulong)options.Window == 0 ? 0UL : 1UL);
    }

    /// <summary>Places the next entry; windows it completes become available to <see cref="TryTake"/>.</summary>
    public void Add(JournalEntry entry)
    {
        var time = _options.Clock == PlaybackClock.Event ? entry.TsEvent : entry.TsRecv;
        var target = _index;
        if (time < _maxSeen)
        {
            // Delivered where we are: moving it back would mean holding windows open indefinitely.
            _report.AddOutOfOrder(new OutOfOrderEvent(entry.Sequence, time, _maxSeen), _options.MaxReportedOffenders);
        }
        else
        {
            _maxSeen = time;
            // An exchange time outside the range has no window of its own, so it joins the current one.
            if (time >= _options.Start && time < _options.End) target = Math.Max(_index, WindowOf(time));
        }
        AdvanceTo(target);
        _current.Add(entry);
    }

    /// <summary>Closes every remaining window of the range, then drains the carried backlog into windows past the end.</summary>
    public void Complete()
    {
        AdvanceTo(_windowsInRange);
        while (_carry.Count > 0) Close();
    }

    /// <summary>The oldest completed window not yet taken.</summary>
    public bool TryTake(out PlaybackWindow window) => _ready.TryDequeue(out window!);

    private ulong WindowOf(long time) => unchecked((ulong)(time - _options.Start)) / (ulong)_options.Window;

    private long WindowStart(ulong index)
    {
        // Saturates: windows that only drain a backlog may run past the last representable instant.
        var start = (Int128)_options.Start + (Int128)index * _options.Window;
        return start > long.MaxValue ? long.MaxValue : (long)start;
    }

    private void AdvanceTo(ulong target)
    {
        while (_index < target)
        {
            if (_carry.Count == 0 && _current.Count == 0)
            {
                // Jump, rather than step, over a gap: a 1 ns window over an idle hour is 3.6e12 windows.
                _report.EmptyWindowsSkipped += (long)(target - _index);
                _index = target;
                return;
            }
            Close();
        }
    }

    /// <summary>Delivers window <see cref="_index"/>: the carried backlog first, then its own events, up to the cap.</summary>
    private void Close()
    {
        var cap = _options.MaxPerWindow;
        var carriedIn = Math.Min(_carry.Count, cap);
        List<JournalEntry> events;
        if (carriedIn == 0 && _current.Count <= cap)
        {
            events = _current; // the common case: hand the list over instead of copying it
            _current = [];
        }
        else
        {
            events = new List<JournalEntry>(Math.Min(cap, _carry.Count + _current.Count));
            for (var i = 0; i < carriedIn; i++) events.Add(_carry.Dequeue());
            var own = Math.Min(_current.Count, cap - carriedIn);
            for (var i = 0; i < _current.Count; i++)
            {
                if (i < own) events.Add(_current[i]);
                else _carry.Enqueue(_current[i]);
            }
            _current.Clear();
        }
        _ready.Enqueue(new PlaybackWindow(WindowStart(_index), WindowStart(_index + 1), events, carriedIn));
        _index++;
    }
}
