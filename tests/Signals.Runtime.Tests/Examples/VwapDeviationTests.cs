using System.Globalization;
using Signals.Library;

namespace Signals.Runtime.Tests.Examples;

/// <summary>vwap_deviation against the tardis trades, checked by summing the 5-minute window afresh at every trade.</summary>
public sealed class VwapDeviationTests
{
    private const long Window = 300_000_000_000;

    [Theory]
    [InlineData(8)]
    [InlineData(12)]
    public void TardisTrades_FiresMatchNaiveWindowVwap(double limitBps)
    {
        var feed = ReferenceData.Tardis;

        var outcome = ExampleRun.Replay("vwap_deviation", new Dictionary<string, double> { ["limit_bps"] = limitBps }, feed.Journal);

        var expected = ExampleRun.Limit(Naive([.. feed.Trades.Select(t => t.Trade)], limitBps), 60);
        ExampleRun.AssertMatches(expected, outcome.Fires);
    }

    [Fact]
    public void TardisTrades_UnderACommaCulture_MessagesStayInvariant()
    {
        var feed = ReferenceData.Tardis;
        var culture = CultureInfo.CurrentCulture;
        // The repo runs in invariant-globalization mode, so a comma culture is made by hand, as de-DE would format.
        var comma = (CultureInfo)CultureInfo.InvariantCulture.Clone();
        comma.NumberFormat.NumberDecimalSeparator = ",";
        CultureInfo.CurrentCulture = comma;
        ExampleOutcome outcome;
        try
        {
            // The replay runs on this thread, as the evaluator's thread would under such a locale.
            outcome = ExampleRun.Replay("vwap_deviation", new Dictionary<string, double> { ["limit_bps"] = 12 }, feed.Journal);
        }
        finally
        {
            CultureInfo.CurrentCulture = culture;
        }

        Assert.NotEmpty(outcome.Fires);
        Assert.All(outcome.Fires, f => Assert.Matches(@"^trade [+-]\d+\.\d bps from VWAP$", f.Message));
    }

    /// <summary>VWAP of the trades in (t − 5 min, t], summed from scratch at each trade (notional in 128 bits, as prices × sizes overflow a long); one instrument.</summary>
    private static IEnumerable<ExpectedFire> Naive(List<Trade> trades, double limitBps)
    {
        long first = -1;
        var wasOutside = false;
        for (var i = 0; i < trades.Count; i++)
        {
            var now = trades[i].TsRecv;
            if (trades[i].Size <= 0) continue;
            if (first < 0) first = now;
            Int128 notional = 0;
            long size = 0;
            for (var j = 0; j <= i; j++)
            {
                if (trades[j].TsRecv <= now - Window || trades[j].Size <= 0) continue;
                notional += (Int128)trades[j].Price * trades[j].Size;
                size += trades[j].Size;
            }
            if (now - first < Window) continue;
            var vwap = (double)notional / size / 1e9;
            var price = trades[i].Price / 1e9;
            var deviation = (price - vwap) / vwap * 1e4;
            var outside = Math.Abs(deviation) > limitBps;
            if (outside && !wasOutside)
            {
                yield return new ExpectedFire(now, FireKind.Fire, string.Create(CultureInfo.InvariantCulture, $"trade {deviation:+0.0;-0.0} bps from VWAP"),
                    ("price", price), ("vwap", vwap), ("deviation_bps", deviation));
            }
            wasOutside = outside;
        }
    }
}
