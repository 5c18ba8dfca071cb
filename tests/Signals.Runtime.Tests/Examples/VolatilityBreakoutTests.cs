using Signals.Library;

namespace Signals.Runtime.Tests.Examples;

/// <summary>volatility_breakout checked against plain 1-minute bars and a z-score of the last 30 log returns recomputed from the list.</summary>
public sealed class VolatilityBreakoutTests
{
    private const long Minute = 60_000_000_000;

    [Theory]
    [InlineData(2.5)]
    [InlineData(2)]
    public void TardisTrades_FiresMatchNaiveBarsAndZScore(double threshold)
    {
        var feed = ReferenceData.Tardis;

        var outcome = ExampleRun.Replay("volatility_breakout", new Dictionary<string, double> { ["threshold"] = threshold }, feed.Journal);

        ExampleRun.AssertMatches(ExampleRun.Limit(Naive([.. feed.Trades.Select(t => t.Trade)], threshold), 60), outcome.Fires);
    }

    private sealed record NaiveBar(long Start, long Close, long Volume);

    /// <summary>One instrument: a bar per minute with trades (on the minute since the epoch), closed by the first trade at or past its end.</summary>
    private static IEnumerable<ExpectedFire> Naive(List<Trade> trades, double threshold)
    {
        var closed = new List<NaiveBar>();
        NaiveBar? open = null;
        foreach (var trade in trades)
        {
            var now = trade.TsRecv;
            var barClosed = false;
            if (open is not null && now >= open.Start + Minute)
            {
                closed.Add(open);
                open = null;
                barClosed = true;
            }
            open = open is null
                ? new NaiveBar(now - (now % Minute), trade.Price, trade.Size)
                : open with { Close = trade.Price, Volume = open.Volume + trade.Size };
            if (!barClosed) continue;

            var returns = new List<double>();
            for (var i = 1; i < closed.Count; i++) returns.Add(Math.Log((closed[i].Close / 1e9) / (closed[i - 1].Close / 1e9)));
            if (returns.Count < 30) continue;
            var window = returns[^30..];
            var mean = window.Average();
            var stdev = Math.Sqrt(window.Sum(r => (r - mean) * (r - mean)) / window.Count);
            var z = stdev == 0 ? 0 : (window[^1] - mean) / stdev;
            if (Math.Abs(z) < threshold) continue;
            var bar = closed[^1];
            yield return new ExpectedFire(now, FireKind.Alert, z > 0 ? "upside volatility breakout" : "downside volatility breakout",
                ("z", z), ("close", bar.Close / 1e9), ("bar_volume", bar.Volume / 1e9));
        }
    }
}
