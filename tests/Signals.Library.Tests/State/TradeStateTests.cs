using Signals.Library.State;

namespace Signals.Library.Tests.State;

public sealed class TradeStateTests
{
    private const long S = FixedPoint.Scale;
    private const long Sec = 1_000_000_000L;

    [Fact]
    public void PriceHistory_MoreTradesThanLength_HoldsTheLatestNewestFirst()
    {
        var harness = new BuilderHarness();
        var history = harness.Use(Builders.PriceHistory(3));
        for (var i = 1; i <= 5; i++) harness.Trade(i * Sec, 100 + i, i);
        Assert.True(history.IsWarm);
        Assert.Equal(5, history.TotalCount);
        Assert.Equal(new PricePoint(5 * Sec, 105 * S, 5 * S), history[0]);
        Assert.Equal(new PricePoint(3 * Sec, 103 * S, 3 * S), history[2]);
        Assert.Equal(history[0], history.Latest);
    }

    [Fact]
    public void VolumeProfile_Cumulative_BucketsPointOfControlAndValueArea()
    {
        var harness = new BuilderHarness();
        var profile = harness.Use(Builders.VolumeProfile(10 * S));
        (double Price, double Size)[] trades = [(101, 1), (105, 2), (112, 5), (118, 1), (125, 2), (131, 1), (95, 1), (99, 3)];
        for (var i = 0; i < trades.Length; i++) harness.Trade((i + 1) * Sec, trades[i].Price, trades[i].Size);

        // Buckets: 90:4, 100:3, 110:6, 120:2, 130:1 (total 16).
        Assert.Equal(5, profile.BucketCount);
        Assert.Equal(16 * S, profile.TotalVolume);
        Assert.Equal(new VolumeBucket(110 * S, 6 * S), profile.PointOfControl);
        Assert.Equal(3 * S, profile.VolumeAt(109_999_999_999));

        // 70% of 16 = 11.2: 110 (6), then 100 (3) over 120 (2) = 9, then 90 (4) over 120 (2) = 13.
        Assert.Equal(new PriceRange(90 * S, 120 * S), profile.ValueArea());
        var buckets = new VolumeBucket[8];
        Assert.Equal(5, profile.GetBuckets(buckets));
        Assert.Equal([90 * S, 100 * S, 110 * S, 120 * S, 130 * S], buckets.Take(5).Select(b => b.Price));
    }

    [Fact]
    public void VolumeProfile_Window_DropsExpiredTradesAndEmptyBuckets()
    {
        var harness = new BuilderHarness();
        var profile = harness.Use(Builders.VolumeProfile(S, TimeSpan.FromSeconds(5)));
        harness.Trade(1 * Sec, 100, 4);
        harness.Trade(3 * Sec, 101, 1);
        Assert.Equal(new VolumeBucket(100 * S, 4 * S), profile.PointOfControl);
        harness.Trade(6 * Sec, 101, 1);
        Assert.Equal(1, profile.BucketCount);
        Assert.Equal(new VolumeBucket(101 * S, 2 * S), profile.PointOfControl);
        Assert.Equal(0, profile.VolumeAt(100 * S));
    }
}
