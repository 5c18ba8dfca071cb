using Signals.Library.State;

namespace Signals.Library.Tests.State;

public sealed class IndicatorTests
{
    // StockCharts' EMA and RSI worked examples ("ChartSchool"), their prices and published values.
    private static readonly double[] EmaPrices =
    [
        22.27, 22.19, 22.08, 22.17, 22.18, 22.13, 22.23, 22.43, 22.24, 22.29, 22.15, 22.39, 22.38, 22.61, 23.36,
        24.05, 23.75, 23.83, 23.95, 23.63, 23.82, 23.87, 23.65, 23.19, 23.10, 23.33, 22.68, 23.10, 22.40, 22.17,
    ];

    private static readonly double[] Sma10 = [22.22, 22.21, 22.23, 22.26, 22.30, 22.42, 22.61, 22.77, 22.91, 23.08, 23.21, 23.38, 23.52, 23.65, 23.71, 23.68, 23.61, 23.51, 23.43, 23.28, 23.13];

    private static readonly double[] Ema10 = [22.22, 22.21, 22.24, 22.27, 22.33, 22.52, 22.80, 22.97, 23.13, 23.28, 23.34, 23.43, 23.51, 23.53, 23.47, 23.40, 23.39, 23.26, 23.23, 23.08, 22.92];

    private static readonly double[] RsiPrices =
    [
        44.3389, 44.0902, 44.1497, 43.6124, 44.3278, 44.8264, 45.0955, 45.4245, 45.8433, 46.0826, 45.8931, 46.0328,
        45.6140, 46.2820, 46.2820, 46.0028, 46.0328, 46.4116, 46.2222, 45.6439, 46.2122, 46.2521, 45.7137, 46.4515,
        45.7835, 45.3548, 44.0288, 44.1783, 44.2181, 44.5672, 43.4205, 42.6628, 43.1314,
    ];

    private static readonly double[] Rsi14 = [70.53, 66.32, 66.55, 69.41, 66.36, 57.97, 62.93, 63.26, 56.06, 62.38, 54.71, 50.42, 39.99, 41.46, 41.87, 45.46, 37.30];

    /// <summary>Feeds <paramref name="values"/> as one-second-apart trades and collects the series' value after each (NaN when it has none or is cold).</summary>
    private static List<double> Run(SeriesSpec spec, IReadOnlyList<double> values)
    {
        var harness = new BuilderHarness();
        var series = harness.Use(spec);
        var seen = new List<double>();
        for (var i = 0; i < values.Count; i++)
        {
            harness.Trade((i + 1) * 1_000_000_000L, values[i], 1);
            seen.Add(series.IsWarm ? series.Value : double.NaN);
        }

        return seen;
    }

    private static double[] Warm(List<double> values) => [.. values.Where(v => !double.IsNaN(v))];

    private static double[] RandomWalk(int n, ulong seed)
    {
        var random = new SignalRandom(seed);
        var values = new double[n];
        var price = 9_000.0;
        for (var i = 0; i < n; i++)
        {
            price *= Math.Exp(0.001 * random.NextGaussian());
            values[i] = Math.Round(price, 2);
        }

        return values;
    }

    [Fact]
    public void Sma_StockChartsExample_MatchesPublishedValues()
    {
        var values = Run(Indicators.Sma(Sources.TradePrice(), 10), EmaPrices);
        Assert.All(values.Take(9), v => Assert.True(double.IsNaN(v)));
        var warm = Warm(values);
        Assert.Equal(Sma10.Length, warm.Length);
        for (var i = 0; i < warm.Length; i++) Assert.Equal(Sma10[i], warm[i], 0.006);
    }

    [Fact]
    public void Ema_StockChartsExample_SeededWithSmaAndMatchesPublishedValues()
    {
        var values = Run(Indicators.Ema(Sources.TradePrice(), 10), EmaPrices);
        Assert.All(values.Take(9), v => Assert.True(double.IsNaN(v)));
        var warm = Warm(values);
        Assert.Equal(Ema10.Length, warm.Length);
        Assert.Equal(EmaPrices.Take(10).Average(), warm[0], 1e-12);
        for (var i = 0; i < warm.Length; i++) Assert.Equal(Ema10[i], warm[i], 0.006);
    }

    [Fact]
    public void Rsi_WilderExample_MatchesPublishedValues()
    {
        var values = Run(Indicators.Rsi(Sources.TradePrice(), 14), RsiPrices);
        Assert.All(values.Take(14), v => Assert.True(double.IsNaN(v)));
        var warm = Warm(values);
        Assert.Equal(RsiPrices.Length - 14, warm.Length);
        for (var i = 0; i < Rsi14.Length; i++) Assert.Equal(Rsi14[i], warm[i], 0.006);
    }

    [Fact]
    public void Rsi_FlatAndRisingSeries_GiveFiftyAndHundred()
    {
        Assert.Equal(50, Warm(Run(Indicators.Rsi(Sources.TradePrice(), 3), [5, 5, 5, 5, 5]))[^1]);
        Assert.Equal(100, Warm(Run(Indicators.Rsi(Sources.TradePrice(), 3), [1, 2, 3, 4, 5]))[^1]);
    }

    [Fact]
    public void ZScore_RandomWalk_MatchesNaiveRecomputation()
    {
        const int Period = 50;
        var prices = RandomWalk(5_000, seed: 7);
        var values = Run(Indicators.ZScore(Sources.TradePrice(), Period), prices);
        for (var i = 0; i < prices.Length; i++)
        {
            if (i < Period - 1)
            {
                Assert.True(double.IsNaN(values[i]));
                continue;
            }

            var window = prices[(i - Period + 1)..(i + 1)];
            var mean = window.Average();
            var stdev = Math.Sqrt(window.Sum(x => (x - mean) * (x - mean)) / Period);
            var expected = stdev == 0 ? 0 : (prices[i] - mean) / stdev;
            Assert.Equal(expected, values[i], 1e-7);
        }
    }

    [Fact]
    public void ZScore_FlatWindow_IsZero()
    {
        var values = Warm(Run(Indicators.ZScore(Sources.TradePrice(), 5), [9682.1, 9682.1, 9682.1, 9682.1, 9682.1, 9682.1]));
        Assert.Equal([0.0, 0.0], values);
    }

    [Fact]
    public void RealizedVolatility_RandomWalk_MatchesNaiveSampleStdevOfLogReturns()
    {
        const int Count = 30;
        var prices = RandomWalk(3_000, seed: 11);
        var values = Run(Indicators.RealizedVolatility(Sources.TradePrice(), Count), prices);
        Assert.All(values.Take(Count), v => Assert.True(double.IsNaN(v)));
        for (var i = Count; i < prices.Length; i++)
        {
            var returns = Enumerable.Range(i - Count + 1, Count).Select(k => Math.Log(prices[k] / prices[k - 1])).ToArray();
            var mean = returns.Average();
            var expected = Math.Sqrt(returns.Sum(r => (r - mean) * (r - mean)) / (Count - 1));
            Assert.Equal(expected, values[i], 1e-12);
            Assert.True(Math.Abs(expected - values[i]) <= 1e-9 * expected);
        }
    }

    [Fact]
    public void Sma_LongRandomRun_StaysWithinRoundingOfNaiveMean()
    {
        // 200k values through a 20-wide window: without the periodic recompute the running sum drifts.
        var prices = RandomWalk(200_000, seed: 3);
        var values = Run(Indicators.Sma(Sources.TradePrice(), 20), prices);
        for (var i = 19; i < prices.Length; i += 997)
        {
            Assert.Equal(prices[(i - 19)..(i + 1)].Average(), values[i], 1e-8);
        }
    }

    [Fact]
    public void Chain_EmaOfRsi_IsWarmOnlyAfterBothAre()
    {
        // RSI(3) is warm at the 4th value; EMA(2) of it needs 2 RSI values: the 5th trade.
        var values = Run(Indicators.Ema(Indicators.Rsi(Sources.TradePrice(), 3), 2), [1, 2, 1, 2, 3, 2, 3]);
        Assert.Equal(4, values.Count(double.IsNaN));
        Assert.False(double.IsNaN(values[4]));
    }

    [Fact]
    public void ChangeAndReturn_Lag2_CompareWithTwoValuesBack()
    {
        Assert.Equal([2.0, 4.0], Warm(Run(Indicators.Change(Sources.TradePrice(), 2), [10, 11, 12, 15])));
        var returns = Warm(Run(Indicators.Return(Sources.TradePrice(), 2), [10, 11, 12, 15]));
        Assert.Equal(2, returns.Length);
        Assert.Equal(0.2, returns[0], 1e-12);
        Assert.Equal(4.0 / 11, returns[1], 1e-12);
    }

    [Fact]
    public void Vwap_CumulativeAndRolling_MatchNaiveSums()
    {
        var harness = new BuilderHarness();
        var cumulative = harness.Use(Indicators.Vwap());
        var rolling = harness.Use(Indicators.Vwap(TimeSpan.FromSeconds(10)));
        var random = new SignalRandom(5);
        var trades = new List<(long Time, long Price, long Size)>();
        var now = 0L;
        for (var i = 0; i < 2_000; i++)
        {
            now += 1 + (long)(random.NextDouble() * 2e9);
            var price = BuilderHarness.Fx(9_000 + Math.Round(random.NextDouble() * 100, 2));
            var size = BuilderHarness.Fx(Math.Round(0.001 + random.NextDouble(), 3));
            trades.Add((now, price, size));
            harness.Trade(new Trade(1, now, now, price, size, Side.Buy, 0));

            var all = Naive(trades);
            Assert.True(Math.Abs(cumulative.Value - all) <= 1e-12 * all);
            var inWindow = Naive(trades.Where(t => t.Time > now - 10_000_000_000L));
            Assert.True(Math.Abs(rolling.Value - inWindow) <= 1e-12 * inWindow);
        }

        Assert.True(cumulative.IsWarm);
        Assert.True(rolling.IsWarm);

        static double Naive(IEnumerable<(long Time, long Price, long Size)> trades)
        {
            decimal notional = 0, size = 0;
            foreach (var t in trades)
            {
                notional += (decimal)t.Price / FixedPoint.Scale * ((decimal)t.Size / FixedPoint.Scale);
                size += (decimal)t.Size / FixedPoint.Scale;
            }

            return (double)(notional / size);
        }
    }
}
