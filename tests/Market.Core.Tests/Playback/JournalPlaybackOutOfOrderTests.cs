using Market.Core.Playback;
using static Market.Core.Tests.Playback.TestJournals;

namespace Market.Core.Tests.Playback;

public sealed class JournalPlaybackOutOfOrderTests
{
    // Exchange times jump back three times; receive times are 500 ns apart from 10.
    private static readonly Rec[] Jittery =
    [
        new(100, 10), new(1_500, 510), new(1_200, 1_010), new(2_500, 1_510),
        new(900, 2_010), new(2_600, 2_510), new(2_550, 3_010), new(3_100, 3_510),
    ];

    [Fact]
    public void Windows_EventClockGoingBack_DeliversInCurrentWindowAndReportsFirstOffenders()
    {
        using var journal = InMemory(Jittery);
        var playback = new JournalPlayback(journal, Options(0, 4_000, 1_000, maxReportedOffenders: 2));

        var windows = playback.Windows().ToList();

        Assert.Equal([T0, T0 + 1_000, T0 + 2_000, T0 + 3_000], windows.Select(w => w.Start));
        Assert.Equal([[1L], [2L, 3L], [4L, 5L, 6L, 7L], [8L]], windows.Select(Sequences));
        var report = playback.Report;
        Assert.Equal(3, report.OutOfOrder);
        Assert.Equal([new OutOfOrderEvent(3, T0 + 1_200, T0 + 1_500), new OutOfOrderEvent(5, T0 + 900, T0 + 2_500)], report.FirstOffenders);
        Assert.Equal(8, report.Events);
        Assert.Equal(0, report.Carried);
    }

    [Fact]
    public void Windows_DefaultOffenderLimit_ReportsEveryOffenderUpToTen()
    {
        using var journal = InMemory(Jittery);
        var playback = new JournalPlayback(journal, Options(0, 4_000, 1_000));

        _ = playback.Windows().ToList();

        Assert.Equal(
            [new OutOfOrderEvent(3, T0 + 1_200, T0 + 1_500), new OutOfOrderEvent(5, T0 + 900, T0 + 2_500), new OutOfOrderEvent(7, T0 + 2_550, T0 + 2_600)],
            playback.Report.FirstOffenders);
    }

    [Fact]
    public void Windows_ManyOffenders_CountsAllButKeepsOnlyTheFirst()
    {
        // Every odd record goes back in time: 1,000 offenders.
        var records = Enumerable.Range(0, 2_000).Select(i => new Rec(i % 2 == 0 ? i * 10 : i * 10 - 15, i)).ToArray();
        using var journal = InMemory(records);
        var playback = new JournalPlayback(journal, Options(0, 20_000, 1_000, maxReportedOffenders: 3));

        var delivered = playback.Windows().Sum(w => w.Events.Count);

        Assert.Equal(2_000, delivered);
        Assert.Equal(1_000, playback.Report.OutOfOrder);
        Assert.Equal(
            [new OutOfOrderEvent(2, T0 - 5, T0), new OutOfOrderEvent(4, T0 + 15, T0 + 20), new OutOfOrderEvent(6, T0 + 35, T0 + 40)],
            playback.Report.FirstOffenders);
    }

    [Fact]
    public void Windows_EqualEventTimes_AreNotOutOfOrder()
    {
        using var journal = InMemory(new Rec(5, 0), new Rec(5, 1), new Rec(5, 2));
        var playback = new JournalPlayback(journal, Options(0, 1_000, 1_000));

        Assert.Equal([1L, 2L, 3L], Sequences(Assert.Single(playback.Windows())));
        Assert.Equal(0, playback.Report.OutOfOrder);
    }

    [Fact]
    public void Windows_ReceiveClock_SeesNothingOutOfOrder()
    {
        using var journal = InMemory(Jittery);
        var playback = new JournalPlayback(journal, Options(0, 4_000, 1_000, clock: PlaybackClock.Receive));

        var windows = playback.Windows().ToList();

        Assert.Equal([[1L, 2L], [3L, 4L], [5L, 6L], [7L, 8L]], windows.Select(Sequences));
        Assert.Equal(0, playback.Report.OutOfOrder);
        Assert.Empty(playback.Report.FirstOffenders);
    }

    [Fact]
    public void Windows_EventTimesOutsideRange_JoinTheWindowBeingFilled()
    {
        using var journal = InMemory(
            new Rec(-5_000, 0),       // before Start, first seen: window 0, not out of order
            new Rec(2_100, 100),      // window 2
            new Rec(-4_000, 200),     // before Start and going back: window 2, out of order
            new Rec(10_000, 300),     // after End (venue clock ahead): window 2, raises the highest seen
            new Rec(2_200, 400));     // behind the stamp after End: window 2, out of order
        var playback = new JournalPlayback(journal, Options(0, 3_000, 1_000));

        var windows = playback.Windows().ToList();

        Assert.Equal([T0, T0 + 2_000], windows.Select(w => w.Start));
        Assert.Equal([[1L], [2L, 3L, 4L, 5L]], windows.Select(Sequences));
        Assert.Equal(1, playback.Report.EmptyWindowsSkipped);
        Assert.Equal(
            [new OutOfOrderEvent(3, T0 - 4_000, T0 + 2_100), new OutOfOrderEvent(5, T0 + 2_200, T0 + 10_000)],
            playback.Report.FirstOffenders);
        Assert.Equal(2, playback.Report.OutOfOrder);
    }
}
