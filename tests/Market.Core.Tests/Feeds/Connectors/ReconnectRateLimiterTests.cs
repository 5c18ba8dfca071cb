using Market.Core.Feeds.Connectors;

namespace Market.Core.Tests.Feeds.Connectors;

public sealed class ReconnectRateLimiterTests
{
    private sealed class ManualClock : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = new(2026, 11, 21, 6, 0, 0, TimeSpan.Zero);
        public override DateTimeOffset GetUtcNow() => Now;
    }

    [Fact]
    public void DelayUntilAllowed_TwoPerMinuteUsed_WaitsUntilTheOldestLeavesTheWindow()
    {
        var clock = new ManualClock();
        var limiter = new ReconnectRateLimiter(2, TimeSpan.FromMinutes(1), clock);

        Assert.Equal(TimeSpan.Zero, limiter.DelayUntilAllowed());
        limiter.Record();
        clock.Now += TimeSpan.FromSeconds(10);
        Assert.Equal(TimeSpan.Zero, limiter.DelayUntilAllowed());
        limiter.Record();
        clock.Now += TimeSpan.FromSeconds(5);

        Assert.Equal(TimeSpan.FromSeconds(45), limiter.DelayUntilAllowed());
        clock.Now += TimeSpan.FromSeconds(45);
        Assert.Equal(TimeSpan.Zero, limiter.DelayUntilAllowed());
        limiter.Record();
        Assert.Equal(TimeSpan.FromSeconds(10), limiter.DelayUntilAllowed());
    }

    [Fact]
    public async Task AcquireAsync_UnderTheLimit_CompletesAtOnceAndCounts()
    {
        var clock = new ManualClock();
        var limiter = new ReconnectRateLimiter(5, TimeSpan.FromMinutes(1), clock);

        for (var i = 0; i < 5; i++) Assert.Equal(TimeSpan.Zero, await limiter.AcquireAsync(CancellationToken.None));

        Assert.Equal(TimeSpan.FromMinutes(1), limiter.DelayUntilAllowed());
    }

    [Fact]
    public void Constructor_ZeroLimit_Throws() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new ReconnectRateLimiter(0, TimeSpan.FromMinutes(1), TimeProvider.System));
}
