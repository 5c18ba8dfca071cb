using Market.Core.Journal;
using Market.Core.Playback;

namespace Market.Core.Tests.Playback;

public sealed class PlaybackOptionsTests
{
    [Theory]
    [InlineData(100, 100, 10, 1, 0, 10, "Start must be before End (got Start 100, End 100)")]
    [InlineData(200, 100, 10, 1, 0, 10, "Start must be before End (got Start 200, End 100)")]
    [InlineData(0, 100, 0, 1, 0, 10, "Window must be positive (got 0 ns)")]
    [InlineData(0, 100, -5, 1, 0, 10, "Window must be positive (got -5 ns)")]
    [InlineData(0, 100, 10, 0, 0, 10, "MaxPerWindow must be at least 1 (got 0)")]
    [InlineData(0, 100, 10, 1, 7, 10, "Clock must be Event or Receive (got 7)")]
    [InlineData(0, 100, 10, 1, 0, -1, "MaxReportedOffenders cannot be negative (got -1)")]
    public void Validate_InvalidSetting_ThrowsNamingIt(long start, long end, long window, int maxPerWindow, int clock, int maxOffenders, string message)
    {
        var options = new PlaybackOptions(start, end, window, maxPerWindow, (PlaybackClock)clock, maxOffenders);

        var error = Assert.Throws<ArgumentException>(options.Validate);

        Assert.Equal(message, error.Message);
    }

    [Fact]
    public void Validate_Defaults_AreValidAndUncapped()
    {
        var options = new PlaybackOptions(0, 1, 1);

        Assert.Same(options, options.Validate());
        Assert.Equal(int.MaxValue, options.MaxPerWindow);
        Assert.Equal(PlaybackClock.Event, options.Clock);
        Assert.Equal(10, options.MaxReportedOffenders);
    }

    [Fact]
    public void Constructor_InvalidOptions_ThrowsBeforeReading()
    {
        using var journal = new InMemoryJournal();

        Assert.Throws<ArgumentException>(() => new JournalPlayback(journal, new PlaybackOptions(0, 100, 0)));
    }

    [Fact]
    public void Windows_FullLongRange_CountsWindowsWithoutOverflow()
    {
        using var journal = new InMemoryJournal();
        var playback = new JournalPlayback(journal, new PlaybackOptions(long.MinValue, long.MaxValue, long.MaxValue));

        Assert.Empty(playback.Windows());
        Assert.Equal(3, playback.Report.EmptyWindowsSkipped);
    }
}
