using Signals.Library.State;

namespace Signals.Library.Tests.State;

public sealed class TradeFlowStateTests
{
    private const long Sec = 1_000_000_000L;

    [Fact]
    public void TradeFlow_Window_ExpiresOldTradesOnTheClock()
    {
        var harness = new BuilderHarness();
        var flow = harness.Use(Builders.TradeFlow(TimeSpan.FromSeconds(10)));
        var imbalance = harness.Use(Sources.TradeFlowImbalance(TimeSpan.FromSeconds(10)));
        harness.Trade(1 * Sec, 100, 3, Side.Buy);
        harness.Trade(5 * Sec, 100, 1, Side.Sell);
        harness.Trade(6 * Sec, 100, 7, Side.None);
        Assert.Equal(3 * FixedPoint.Scale, flow.BuyVolume);
        Assert.Equal(1 * FixedPoint.Scale, flow.SellVolume);
        Assert.Equal(0.5, flow.Imbalance);
        Assert.Equal(0.5, imbalance.Value);
        Assert.False(flow.IsWarm);

        // At 11 s the buy at 1 s is a full window old: (1, 11] no longer holds it.
        harness.Quote(new Quote(1, 11 * Sec, 11 * Sec, 1, 1, 2, 1, 0));
        Assert.Equal(0, flow.BuyVolume);
        Assert.Equal(-1, flow.Imbalance);
        Assert.Equal(-1, imbalance.Value);
        Assert.True(flow.IsWarm);
        Assert.Equal(2 * FixedPoint.Scale, flow.CumulativeDelta);

        harness.Trade(16 * Sec, 100, 2, Side.Buy);
        Assert.Equal(1, flow.TradeCount);
        Assert.Equal(1, flow.Imbalance);
        Assert.Equal(4 * FixedPoint.Scale, flow.CumulativeDelta);
    }

    [Fact]
    public void TradeFlow_RandomTrades_MatchNaiveWindowSums()
    {
        var harness = new BuilderHarness();
        var flow = harness.Use(Builders.TradeFlow(TimeSpan.FromSeconds(3)));
        var random = new SignalRandom(21);
        var trades = new List<(long Time, long Size, Side Side)>();
        var now = 0L;
        for (var i = 0; i < 3_000; i++)
        {
            now += (long)(random.NextDouble() * 0.5e9);
            var side = random.Next(3) switch { 0 => Side.Buy, 1 => Side.Sell, _ => Side.None };
            var size = 1 + random.Next(1_000_000);
            trades.Add((now, size, side));
            harness.Trade(new Trade(1, now, now, FixedPoint.Scale, size, side, 0));
            var window = trades.Where(t => t.Time > now - (3 * Sec)).ToList();
            Assert.Equal(window.Where(t => t.Side == Side.Buy).Sum(t => t.Size), flow.BuyVolume);
            Assert.Equal(window.Where(t => t.Side == Side.Sell).Sum(t => t.Size), flow.SellVolume);
        }

        Assert.Equal(trades.Sum(t => t.Side == Side.Buy ? t.Size : t.Side == Side.Sell ? -t.Size : 0), flow.CumulativeDelta);
    }
}
