using System.Globalization;
using Signals.Library.State;

namespace Signals.Library.Tests.State;

/// <summary>A real capture (Binance futures BTCUSDT trades, 2020-02-22) through bars, VWAP and trade flow, against naive recomputation.</summary>
public sealed class TardisCaptureTests
{
    private const string FileName = "tardis_binance_futures_trades_BTCUSDT_2020-02-22.csv";
    private const long Minute = 60_000_000_000L;

    private static string CapturePath()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Agents.sln"))) dir = dir.Parent;
        if (dir is null) throw new InvalidOperationException($"no directory above {AppContext.BaseDirectory} holds Agents.sln; run the tests from the repository");
        var path = Path.GetFullPath(Path.Combine(dir.FullName, "..", "shared", "data", FileName));
        return File.Exists(path) ? path : throw new FileNotFoundException($"the capture {FileName} is missing: expected at {path} (the shared data folder next to the repository)", path);
    }

    private static List<Trade> LoadTrades()
    {
        var trades = new List<Trade>();
        using var reader = new StreamReader(CapturePath());
        Assert.Equal("exchange,symbol,timestamp,local_timestamp,id,side,price,amount", reader.ReadLine());
        while (reader.ReadLine() is { Length: > 0 } line)
        {
            var f = line.Split(',');
            var side = f[5] switch { "buy" => Side.Buy, "sell" => Side.Sell, _ => throw new FormatException($"side '{f[5]}' in: {line}") };
            trades.Add(new Trade(
                1,
                long.Parse(f[2], CultureInfo.InvariantCulture) * 1_000,
                long.Parse(f[3], CultureInfo.InvariantCulture) * 1_000,
                FixedPoint.Parse(f[6]),
                FixedPoint.Parse(f[7]),
                side,
                ulong.Parse(f[4], CultureInfo.InvariantCulture)));
        }

        return trades;
    }

    [Fact]
    public void Capture_BarsVwapAndTradeFlow_MatchNaiveRecomputation()
    {
        var trades = LoadTrades();
        Assert.Equal(9_999, trades.Count);

        var harness = new BuilderHarness();
        var bars = harness.Use(Builders.Bars(TimeSpan.FromMinutes(1), keep: 1_000));
        var vwap = harness.Use(Indicators.Vwap());
        var flow = harness.Use(Builders.TradeFlow(TimeSpan.FromSeconds(30)));
        for (var i = 0; i < trades.Count; i++)
        {
            harness.Trade(trades[i]);
            if (i % 250 != 0) continue;
            var now = trades[i].TsRecv;
            var window = trades.Take(i + 1).Where(t => t.TsRecv > now - 30_000_000_000L).ToList();
            Assert.Equal(window.Where(t => t.Aggressor == Side.Buy).Sum(t => t.Size), flow.BuyVolume);
            Assert.Equal(window.Where(t => t.Aggressor == Side.Sell).Sum(t => t.Size), flow.SellVolume);
        }

        var groups = trades.GroupBy(t => t.TsRecv / Minute).Select(g => new Bar(
            g.Key * Minute, (g.Key + 1) * Minute, g.First().Price, g.Max(t => t.Price), g.Min(t => t.Price), g.Last().Price,
            g.Sum(t => t.Size), g.Count())).ToList();

        // Every group but the last has closed; the last is still forming.
        Assert.True(groups.Count > 10);
        Assert.Equal(groups.Count - 1, bars.Count);
        Assert.Equal(groups.Count - 1, bars.ClosedCount);
        for (var i = 0; i < bars.Count; i++) Assert.Equal(groups[groups.Count - 2 - i], bars[i]);
        Assert.Equal(groups[^1], bars.Current);

        decimal notional = 0, size = 0;
        foreach (var t in trades)
        {
            notional += (decimal)t.Price / FixedPoint.Scale * ((decimal)t.Size / FixedPoint.Scale);
            size += (decimal)t.Size / FixedPoint.Scale;
        }

        var expected = (double)(notional / size);
        Assert.True(Math.Abs(vwap.Value - expected) <= 1e-9 * expected, $"vwap {vwap.Value} vs naive {expected}");
        Assert.Equal(
            trades.Sum(t => t.Aggressor == Side.Buy ? t.Size : -t.Size),
            flow.CumulativeDelta);
    }
}
