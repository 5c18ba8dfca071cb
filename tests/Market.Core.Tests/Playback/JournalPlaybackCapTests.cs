using Market.Core.Playback;
using static Market.Core.Tests.Playback.TestJournals;

namespace Market.Core.Tests.Playback;

public sealed class JournalPlaybackCapTests
{
    [Fact]
    public void Windows_OverCap_CarriesTheRestForwardThroughOtherwiseEmptyWindows()
    {
        // Five events in window 0, one in window 1, none in 2 and 3, one in 4; at most two per window.
        using var journal = InMemory(InOrder(0, 1, 2, 3, 4, 1_000, 4_000));
        var playback = new JournalPlayback(journal, Options(0, 5_000, 1_000, maxPerWindow: 2));

        var windows = playback.Windows().ToList();

        Assert.Equal([T0, T0 + 1_000, T0 + 2_000, T0 + 4_000], windows.Select(w => w.Start));
        Assert.Equal([[1L, 2L], [3L, 4L], [5L, 6L], [7L]], windows.Select(Sequences));
        Assert.Equal([0, 2, 2, 0], windows.Select(w => w.CarriedIn));
        var report = playback.Report;
        Assert.Equal(7, report.Events);
        Assert.Equal(4, report.Windows);
        Assert.Equal(1, report.EmptyWindowsSkipped);
        Assert.Equal(4, report.Carried);
    }

    [Fact]
    public void Windows_BacklogLeftAtEnd_ContinuesInWindowsPastEnd()
    {
        using var journal = InMemory(InOrder(0, 1_000, 1_001, 1_002, 1_003));
        var playback = new JournalPlayback(journal, Options(0, 2_000, 1_000, maxPerWindow: 1));

        var windows = playback.Windows().ToList();

        Assert.Equal([T0, T0 + 1_000, T0 + 2_000, T0 + 3_000, T0 + 4_000], windows.Select(w => w.Start));
        Assert.Equal([T0 + 1_000, T0 + 2_000, T0 + 3_000, T0 + 4_000, T0 + 5_000], windows.Select(w => w.End));
        Assert.Equal([[1L], [2L], [3L], [4L], [5L]], windows.Select(Sequences));
        Assert.Equal([0, 0, 1, 1, 1], windows.Select(w => w.CarriedIn));
        Assert.Equal(5, playback.Report.Events);
        Assert.Equal(3, playback.Report.Carried);
        Assert.Equal(0, playback.Report.EmptyWindowsSkipped);
    }

    [Fact]
    public void Windows_CarriedEvents_ComeBeforeTheWindowsOwnAndCanCarryAgain()
    {
        // Window 0: 1-4, window 1: 5-6, window 2: 7; cap 3.
        using var journal = InMemory(InOrder(0, 1, 2, 3, 1_000, 1_001, 2_000));
        var playback = new JournalPlayback(journal, Options(0, 3_000, 1_000, maxPerWindow: 3));

        var windows = playback.Windows().ToList();

        Assert.Equal([[1L, 2L, 3L], [4L, 5L, 6L], [7L]], windows.Select(Sequences));
        Assert.Equal([0, 1, 0], windows.Select(w => w.CarriedIn));
        Assert.Equal(1, playback.Report.Carried);
    }

    [Fact]
    public void Windows_ManyWindowsWithBursts_DeliverEverySelectedEventOnceInJournalOrder()
    {
        // Bursts of varying size separated by gaps, so the backlog grows, drains and grows again.
        var random = new Random(42);
        var offsets = new List<long>();
        var t = 0L;
        for (var burst = 0; burst < 60; burst++)
        {
            var size = random.Next(0, 40);
            for (var i = 0; i < size; i++) offsets.Add(t += random.Next(0, 30));
            t += random.Next(0, 20_000);
        }
        using var journal = InMemory(InOrder([.. offsets]));
        var end = offsets[^1] + 1;
        var playback = new JournalPlayback(journal, Options(0, end, 1_000, maxPerWindow: 7));

        var windows = playback.Windows().ToList();

        Assert.Equal(Enumerable.Range(1, offsets.Count).Select(i => (long)i), windows.SelectMany(Sequences));
        Assert.Equal(offsets.Count, windows.Sum(w => w.Events.Count));
        Assert.Equal(offsets.Count, playback.Report.Events);
        Assert.Equal(windows.Sum(w => w.CarriedIn), playback.Report.Carried);
        Assert.All(windows, w => Assert.InRange(w.Events.Count, 1, 7));
        Assert.All(windows, w => Assert.Equal(1_000, w.End - w.Start));
        Assert.Equal(windows.Count, windows.Select(w => w.Start).Distinct().Count());
        Assert.True(windows.Zip(windows.Skip(1)).All(p => p.First.Start < p.Second.Start));
        // Every window of the range is either delivered or skipped; delivered ones past End drain the backlog.
        var windowsInRange = (end + 999) / 1_000;
        var pastEnd = windows.Count(w => w.Start >= T0 + end);
        Assert.Equal(windowsInRange, playback.Report.Windows - pastEnd + playback.Report.EmptyWindowsSkipped);
        // An event is never delivered before its own window.
        Assert.All(windows, w => Assert.All(w.Events, e => Assert.True(e.TsEvent < w.End)));
    }
}
