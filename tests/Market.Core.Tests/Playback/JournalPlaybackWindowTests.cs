using Market.Core.Playback;
using static Market.Core.Tests.Playback.TestJournals;

namespace Market.Core.Tests.Playback;

public sealed class JournalPlaybackWindowTests
{
    [Fact]
    public void Windows_EventAtExactlyStartPlusWindow_GoesToSecondWindow()
    {
        using var journal = InMemory(InOrder(0, 999, 1_000, 1_999, 2_000));
        var playback = new JournalPlayback(journal, Options(0, 3_000, 1_000));

        var windows = playback.Windows().ToList();

        Assert.Equal([T0, T0 + 1_000, T0 + 2_000], windows.Select(w => w.Start));
        Assert.Equal([T0 + 1_000, T0 + 2_000, T0 + 3_000], windows.Select(w => w.End));
        Assert.Equal([1L, 2L], Sequences(windows[0]));
        Assert.Equal([3L, 4L], Sequences(windows[1]));
        Assert.Equal([5L], Sequences(windows[2]));
        Assert.All(windows, w => Assert.Equal(0, w.CarriedIn));
        var report = playback.Report;
        Assert.Equal(5, report.Events);
        Assert.Equal(3, report.Windows);
        Assert.Equal(0, report.EmptyWindowsSkipped);
        Assert.Equal(0, report.Carried);
        Assert.Equal(0, report.OutOfOrder);
        Assert.Equal(0, report.Filtered);
    }

    [Fact]
    public void Windows_RangeBounds_StartIncludedAndEndExcluded()
    {
        using var journal = InMemory(InOrder(-1, 0, 2_999, 3_000, 3_001));
        var playback = new JournalPlayback(journal, Options(0, 3_000, 1_000));

        var windows = playback.Windows().ToList();

        Assert.Equal(2, windows.Count);
        Assert.Equal(T0, windows[0].Start);
        Assert.Equal([2L], Sequences(windows[0]));
        Assert.Equal(T0 + 2_000, windows[1].Start);
        Assert.Equal([3L], Sequences(windows[1]));
        Assert.Equal(2, playback.Report.Events);
        Assert.Equal(1, playback.Report.EmptyWindowsSkipped);
    }

    [Fact]
    public void Windows_EmptyWindows_AreSkippedAndCounted()
    {
        using var journal = InMemory(InOrder(10, 4_000, 4_500, 9_999));
        var playback = new JournalPlayback(journal, Options(0, 10_000, 1_000));

        var windows = playback.Windows().ToList();

        Assert.Equal([T0, T0 + 4_000, T0 + 9_000], windows.Select(w => w.Start));
        Assert.Equal([[1L], [2L, 3L], [4L]], windows.Select(Sequences));
        Assert.Equal(3, playback.Report.Windows);
        Assert.Equal(7, playback.Report.EmptyWindowsSkipped);
    }

    [Fact]
    public void Windows_NoRecordsInRange_YieldsNothingAndSkipsEveryWindow()
    {
        using var journal = InMemory(InOrder(-5_000, 20_000));
        var playback = new JournalPlayback(journal, Options(0, 10_000, 1_000));

        Assert.Empty(playback.Windows());
        Assert.Equal(0, playback.Report.Events);
        Assert.Equal(0, playback.Report.Windows);
        Assert.Equal(10, playback.Report.EmptyWindowsSkipped);
    }

    [Fact]
    public void Windows_WindowNotDividingRange_LastWindowKeepsFullWidth()
    {
        using var journal = InMemory(InOrder(2_400, 2_500));
        var playback = new JournalPlayback(journal, Options(0, 2_500, 1_000));

        var window = Assert.Single(playback.Windows());

        Assert.Equal(T0 + 2_000, window.Start);
        Assert.Equal(T0 + 3_000, window.End);
        Assert.Equal([1L], Sequences(window));
        Assert.Equal(2, playback.Report.EmptyWindowsSkipped);
    }

    [Fact]
    public void Windows_NanosecondWindowsOverAnIdleHour_JumpsTheGap()
    {
        const long hour = 3_600_000_000_000;
        using var journal = InMemory(InOrder(0, hour - 1));
        var playback = new JournalPlayback(journal, Options(0, hour, 1));

        var windows = playback.Windows().ToList();

        Assert.Equal([T0, T0 + hour - 1], windows.Select(w => w.Start));
        Assert.Equal(hour - 2, playback.Report.EmptyWindowsSkipped);
    }

    [Fact]
    public void Windows_ReceiveClock_CutsOnReceiveTimeNotExchangeTime()
    {
        // Exchange times lag receive times by 1,500 ns, so the two clocks cut differently.
        using var journal = InMemory(
            new Rec(-1_500, 0), new Rec(-500, 1_000), new Rec(500, 2_000), new Rec(600, 2_100), new Rec(1_500, 3_000));
        var byReceive = new JournalPlayback(journal, Options(0, 4_000, 1_000, clock: PlaybackClock.Receive));
        var byEvent = new JournalPlayback(journal, Options(0, 4_000, 1_000, clock: PlaybackClock.Event));

        var receiveWindows = byReceive.Windows().ToList();
        var eventWindows = byEvent.Windows().ToList();

        Assert.Equal([T0, T0 + 1_000, T0 + 2_000, T0 + 3_000], receiveWindows.Select(w => w.Start));
        Assert.Equal([[1L], [2L], [3L, 4L], [5L]], receiveWindows.Select(Sequences));
        Assert.Equal(0, byReceive.Report.EmptyWindowsSkipped);
        // Exchange times before Start join the window being filled (the first); the rest fall by exchange time.
        Assert.Equal([T0, T0 + 1_000], eventWindows.Select(w => w.Start));
        Assert.Equal([[1L, 2L, 3L, 4L], [5L]], eventWindows.Select(Sequences));
        Assert.Equal(2, byEvent.Report.EmptyWindowsSkipped);
        Assert.Equal(0, byEvent.Report.OutOfOrder);
    }

    [Fact]
    public void Windows_EnumeratedTwice_ReadsAgainAndStartsAFreshReport()
    {
        using var journal = InMemory(InOrder(0, 1_000, 1_001));
        var playback = new JournalPlayback(journal, Options(0, 2_000, 1_000));

        var first = playback.Windows().ToList();
        var firstReport = playback.Report;
        var second = playback.Windows().ToList();

        Assert.Equal(first.Select(Sequences), second.Select(Sequences));
        Assert.NotSame(firstReport, playback.Report);
        Assert.Equal(3, firstReport.Events);
        Assert.Equal(3, playback.Report.Events);
        Assert.Equal(2, playback.Report.Windows);
    }

    [Fact]
    public void Windows_Enumerating_ReadsOnlyUpToTheRecordThatClosesAWindow()
    {
        using var journal = InMemory(InOrder(0, 1, 2, 1_000, 1_001, 2_000, 3_000));
        var read = 0;
        var playback = new JournalPlayback(journal, Options(0, 4_000, 1_000), _ => { read++; return true; });

        using var windows = playback.Windows().GetEnumerator();

        Assert.True(windows.MoveNext());
        Assert.Equal([1L, 2L, 3L], Sequences(windows.Current));
        Assert.Equal(4, read);
        Assert.True(windows.MoveNext());
        Assert.Equal([4L, 5L], Sequences(windows.Current));
        Assert.Equal(6, read);
    }

    [Fact]
    public void Windows_Payloads_AreCopiedIntact()
    {
        using var journal = InMemory(InOrder(0, 10, 20));
        var playback = new JournalPlayback(journal, Options(0, 1_000, 1_000));

        var window = Assert.Single(playback.Windows());

        Assert.Equal([Payload(1), Payload(2), Payload(3)], window.Events.Select(e => e.Payload));
        Assert.Equal([T0, T0 + 10, T0 + 20], window.Events.Select(e => e.TsEvent));
    }
}
