using Market.Core.Feeds.Capture;
using Market.Core.Feeds.Config;
using Market.Core.Tests.Support;

namespace Market.Core.Tests.Feeds;

public sealed class FeedConfigurationCaptureTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    private string Write(string relative, string yaml)
    {
        var path = _temp.Combine(relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, yaml);
        return path;
    }

    private static string Capture(string replay) => $"""
        feed: cap
        kind: capture
        endpoints:
          capture: data/coinbase.jsonl
        {replay}
        """;

    [Fact]
    public void Load_CaptureFeed_ReadsVenueSpeedAndResolvesThePathAgainstTheRoot()
    {
        Write("feeds/cap.yaml", Capture("replay: { venue: coinbase, speed: 2.5 }"));
        var config = FeedConfiguration.Load(_temp.Path);
        Assert.Empty(config.Errors);
        var feed = Assert.Single(config.Feeds);
        Assert.Equal(CaptureVenue.Coinbase, feed.ReplayVenue);
        Assert.Equal(2.5, feed.ReplaySpeed);
        Assert.Equal(_temp.Combine("data", "coinbase.jsonl"), feed.ResolvePath(feed.Endpoints["capture"]));
    }

    [Fact]
    public void Load_CaptureFeedWithoutSpeed_DefaultsToTheOriginalPace()
    {
        Write("feeds/cap.yaml", Capture("replay: { venue: kalshi }"));
        var feed = Assert.Single(FeedConfiguration.Load(_temp.Path).Feeds);
        Assert.Equal((CaptureVenue?)CaptureVenue.Kalshi, feed.ReplayVenue);
        Assert.Equal(1.0, feed.ReplaySpeed);
    }

    [Fact]
    public void Load_UnknownReplayVenue_IsAnErrorAtItsLine()
    {
        var path = Write("feeds/cap.yaml", Capture("replay:\n  venue: kraken\n  speed: 1"));
        var error = Assert.Single(FeedConfiguration.Load(_temp.Path).Errors);
        Assert.Equal(path, error.File);
        Assert.Equal(6, error.Line);
        Assert.Equal("replay.venue: unknown venue 'kraken' (expected one of: coinbase, binance, kalshi)", error.Message);
    }

    [Theory]
    [InlineData("-1")]
    [InlineData("fast")]
    [InlineData(".inf")]
    public void Load_BadReplaySpeed_IsAnErrorAtItsLine(string speed)
    {
        Write("feeds/cap.yaml", Capture($"replay:\n  venue: binance\n  speed: {speed}"));
        var error = Assert.Single(FeedConfiguration.Load(_temp.Path).Errors);
        Assert.Equal(7, error.Line);
        Assert.Equal($"replay.speed must be 0 (full speed) or a positive multiple of the original pace (got '{speed}')", error.Message);
    }

    [Fact]
    public void Load_CaptureWithoutReplayOrFile_NamesWhatIsMissing()
    {
        Write("feeds/cap.yaml", "feed: cap\nkind: capture\n");
        var messages = FeedConfiguration.Load(_temp.Path).Errors.Select(e => e.Message).ToList();
        Assert.Contains("kind 'capture' needs endpoints.capture (the capture file, relative to the configuration root)", messages);
        Assert.Contains("kind 'capture' needs replay.venue (coinbase, binance or kalshi)", messages);
    }

    [Fact]
    public void Load_ReplayOnAVenueFeed_IsAnError()
    {
        Write("feeds/sim.yaml", "feed: sim\nkind: sim\nsymbols: [A]\nreplay: { venue: coinbase }\n");
        var error = Assert.Single(FeedConfiguration.Load(_temp.Path).Errors);
        Assert.Equal((4, "replay is only for kind 'capture', not 'sim'"), (error.Line, error.Message));
    }

    [Fact]
    public void LoadFeeds_GivenFiles_LoadsThoseAndReportsAMissingOne()
    {
        var path = Write("elsewhere/feeds/cap.yaml", Capture("replay: { venue: coinbase, speed: 0 }"));
        var config = FeedConfiguration.LoadFeeds([path, _temp.Combine("nope.yaml")]);
        Assert.Equal("cap", Assert.Single(config.Feeds).Name);
        Assert.Equal(0.0, config.Feeds[0].ReplaySpeed);
        Assert.Equal(_temp.Combine("elsewhere"), config.Feeds[0].ConfigRoot);
        Assert.Equal("no such feed file", Assert.Single(config.Errors).Message);
    }
}
