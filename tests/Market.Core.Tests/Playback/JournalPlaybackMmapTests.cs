using Market.Core.Journal;
using Market.Core.Playback;
using Market.Core.Tests.Journal;
using Market.Core.Tests.Support;
using static Market.Core.Tests.Playback.TestJournals;

namespace Market.Core.Tests.Playback;

public sealed class JournalPlaybackMmapTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void Windows_MmapJournalAcrossManyChunks_SelectsSeeksAndCutsExactly()
    {
        // Record i (sequence i + 1) at T0 + i*1000 on both clocks; small chunks so the range spans many.
        using var journal = MmapJournal.Open(_temp.Combine("dev", "playback"), MmapJournalContractTests.SmallChunks, create: true);
        using (var writer = journal.OpenWriter()) Append(writer, InOrder([.. Enumerable.Range(0, 5_000).Select(i => i * 1_000L)]));
        // Start falls between records 1000 and 1001; End is exactly record 4000, which is excluded.
        var playback = new JournalPlayback(journal, Options(1_000_500, 4_000_000, 100_000, clock: PlaybackClock.Receive));

        var windows = playback.Windows().ToList();

        Assert.Equal(30, windows.Count);
        Assert.Equal(Enumerable.Range(0, 30).Select(k => T0 + 1_000_500 + k * 100_000L), windows.Select(w => w.Start));
        Assert.Equal([.. Enumerable.Repeat(100, 29), 99], windows.Select(w => w.Events.Count));
        Assert.Equal(Enumerable.Range(1_002, 2_999).Select(s => (long)s), windows.SelectMany(Sequences));
        Assert.All(windows.SelectMany(w => w.Events), e => Assert.Equal(Payload(e.Sequence), e.Payload));
        Assert.Equal(2_999, playback.Report.Events);
        Assert.Equal(0, playback.Report.EmptyWindowsSkipped);
    }
}
