using Signals.Library.State;

namespace Signals.Library.Tests.State;

public sealed class BarStateTests
{
    private const long Sec = 1_000_000_000L;

    [Fact]
    public void Bars_TradesWithAnEmptyMinute_MatchNaiveGroupingStampedAtClose()
    {
        var harness = new BuilderHarness();
        var bars = harness.Use(Builders.Bars(TimeSpan.FromMinutes(1), keep: 10));
        var start = 1_700_000_040L * Sec; // a minute boundary
        (long Time, double Price, double Size)[] trades =
        [
            (start + (1 * Sec), 100, 1), (start + (30 * Sec), 102, 2), (start + (59 * Sec), 99, 1),
            (start + (60 * Sec), 101, 3), // exactly on the boundary: the next bar's open
            (start + (100 * Sec), 98, 1),
            // the minute [start + 120s, start + 180s) has no trade
            (start + (185 * Sec), 105, 4), (start + (200 * Sec), 104, 1),
            (start + (245 * Sec), 110, 1),
        ];
        foreach (var (time, price, size) in trades) harness.Trade(time, price, size);

        var expected = trades.GroupBy(t => t.Time / (60 * Sec)).Select(g => new Bar(
            g.Key * 60 * Sec, (g.Key + 1) * 60 * Sec,
            BuilderHarness.Fx(g.First().Price), BuilderHarness.Fx(g.Max(t => t.Price)), BuilderHarness.Fx(g.Min(t => t.Price)), BuilderHarness.Fx(g.Last().Price),
            BuilderHarness.Fx(g.Sum(t => t.Size)), g.Count())).ToList();

        Assert.Equal(3, bars.Count);
        Assert.Equal(expected.Take(3).Reverse(), Enumerable.Range(0, bars.Count).Select(i => bars[i]));
        Assert.Equal(expected[3], bars.Current);
        Assert.Equal(start + (60 * Sec), bars[2].CloseTime);
        Assert.Equal(start + (240 * Sec), bars[0].CloseTime); // the empty minute left no bar
    }

    [Fact]
    public void Bars_ClockPassesBoundaryOnAQuote_ClosesWithoutAnotherTrade()
    {
        var harness = new BuilderHarness();
        var bars = harness.Use(Builders.Bars(TimeSpan.FromSeconds(10)));
        var close = harness.Use(Sources.BarClose(TimeSpan.FromSeconds(10)));
        harness.Trade(1 * Sec, 100, 1);
        harness.Trade(9 * Sec, 101, 1);
        harness.Quote(new Quote(1, 9_999_999_999, 9_999_999_999, 1, 1, 2, 1, 0));
        Assert.Null(bars.Last);
        Assert.False(close.HasValue);

        harness.Quote(new Quote(1, 10 * Sec, 10 * Sec, 1, 1, 2, 1, 0));
        Assert.Equal(new Bar(0, 10 * Sec, 100 * FixedPoint.Scale, 101 * FixedPoint.Scale, 100 * FixedPoint.Scale, 101 * FixedPoint.Scale, 2 * FixedPoint.Scale, 2), bars.Last);
        Assert.Null(bars.Current);
        Assert.Equal(101, close.Value);
        Assert.Equal(10 * Sec, close.UpdatedAt);
    }

    [Fact]
    public void Bars_MoreThanKeep_HoldsTheLatest()
    {
        var harness = new BuilderHarness();
        var bars = harness.Use(Builders.Bars(TimeSpan.FromSeconds(1), keep: 3));
        for (var i = 0; i < 10; i++) harness.Trade((i * Sec) + 1, 100 + i, 1);
        Assert.Equal(3, bars.Count);
        Assert.Equal(9, bars.ClosedCount);
        Assert.Equal(108 * FixedPoint.Scale, bars[0].Close);
        Assert.Equal(106 * FixedPoint.Scale, bars[2].Close);
        Assert.Throws<ArgumentOutOfRangeException>(() => bars[3]);
    }

    [Fact]
    public void BarReturn_ThreeBars_IsLogReturnOfCloses()
    {
        var harness = new BuilderHarness();
        var returns = harness.Use(Sources.BarReturn(TimeSpan.FromSeconds(1)));
        var seen = new List<double>();
        double[] closes = [100, 110, 99, 99];
        for (var i = 0; i < closes.Length; i++)
        {
            harness.Trade((i * Sec) + 1, closes[i], 1);
            if (returns.HasValue && (seen.Count == 0 || returns.Count > seen.Count)) seen.Add(returns.Value);
        }

        Assert.Equal(2, seen.Count);
        Assert.Equal(Math.Log(110 / 100.0), seen[0], 1e-15);
        Assert.Equal(Math.Log(99 / 110.0), seen[1], 1e-15);
    }
}
