using Signals.Library;

namespace Signals.Runtime.Tests.Examples;

/// <summary>trade_flow_imbalance against the tardis trades, checked by summing the 30 s window afresh at every trade.</summary>
public sealed class TradeFlowImbalanceTests
{
    private const long Window = 30_000_000_000;

    [Theory]
    [InlineData(0.9, 20)]
    [InlineData(0.8, 100)]
    public void TardisTrades_FiresMatchNaiveWindowSums(double threshold, double minTrades)
    {
        var feed = ReferenceData.Tardis;
        var parameters = new Dictionary<string, double> { ["threshold"] = threshold, ["min_trades"] = minTrades };

        var outcome = ExampleRun.Replay("trade_flow_imbalance", parameters, feed.Journal);

        var expected = ExampleRun.Limit(Naive([.. feed.Trades.Select(t => t.Trade)], threshold, (long)minTrades), 60);
        ExampleRun.AssertMatches(expected, outcome.Fires);
    }

    /// <summary>Window (t − 30 s, t] of trades with a known aggressor, summed from scratch at each trade; one instrument.</summary>
    private static IEnumerable<ExpectedFire> Naive(List<Trade> trades, double threshold, long minTrades)
    {
        long first = -1, cvd = 0;
        var lastSide = 0;
        for (var i = 0; i < trades.Count; i++)
        {
            var now = trades[i].TsRecv;
            if (first < 0) first = now;
            if (trades[i].Aggressor == Side.Buy) cvd += trades[i].Size;
            if (trades[i].Aggressor == Side.Sell) cvd -= trades[i].Size;
            long buy = 0, sell = 0, count = 0;
            for (var j = 0; j <= i; j++)
            {
                if (trades[j].TsRecv <= now - Window || trades[j].Aggressor == Side.None) continue;
                count++;
                if (trades[j].Aggressor == Side.Buy) buy += trades[j].Size;
                else sell += trades[j].Size;
            }
            if (now - first < Window || count < minTrades) continue;
            var imbalance = buy + sell == 0 ? 0 : (double)(buy - sell) / (buy + sell);
            var side = imbalance >= threshold ? 1 : imbalance <= -threshold ? -1 : 0;
            if (side != 0 && side != lastSide)
            {
                yield return new ExpectedFire(now, FireKind.Fire, side > 0 ? "buyers dominate the tape" : "sellers dominate the tape",
                    ("imbalance", imbalance), ("trades", count), ("cvd", cvd / 1e9));
            }
            lastSide = side;
        }
    }
}
