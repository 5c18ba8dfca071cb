using Market.Core.Feeds.Connectors;
using Signals.Library;

namespace Market.Core.Tests.Feeds.Connectors;

public sealed class FeedMetricsTests
{
    [Fact]
    public void LagPercentiles_OneToHundredMilliseconds_NearestRank()
    {
        var metrics = new FeedMetrics();
        for (var ms = 100; ms >= 1; ms--) metrics.RecordEvent(EventKind.Trade, 1_000_000_000, 1_000_000_000 + ms * 1_000_000L);

        Assert.Equal(TimeSpan.FromMilliseconds(50), metrics.LagP50);
        Assert.Equal(TimeSpan.FromMilliseconds(99), metrics.LagP99);
        Assert.Equal(100, metrics.Events(EventKind.Trade));
        Assert.Equal(0, metrics.Events(EventKind.Quote));
    }

    [Fact]
    public void LagPercentiles_WindowFull_OnlyRecentSamplesCount()
    {
        var metrics = new FeedMetrics(lagWindow: 4);
        for (var i = 0; i < 10; i++) metrics.RecordEvent(EventKind.BookDelta, 1, 1 + 1_000_000_000L); // old: 1 s
        for (var i = 0; i < 4; i++) metrics.RecordEvent(EventKind.BookDelta, 1, 1 + 1_000_000L); // recent: 1 ms

        Assert.Equal(TimeSpan.FromMilliseconds(1), metrics.LagP99);
    }

    [Fact]
    public void Lag_NoEvents_IsNull()
    {
        var metrics = new FeedMetrics();

        Assert.Null(metrics.LagP50);
        Assert.Null(metrics.LastMessageAt);
    }
}
