using Signals.Library;

namespace Signals.Runtime.Tests.Examples;

/// <summary>rsi_reversal checked against Wilder's RSI(14) and an EMA(5) of it, computed plainly per instrument.</summary>
public sealed class RsiReversalTests
{
    [Theory]
    [InlineData(97, 3)]
    [InlineData(95, 5)]
    public void TardisTrades_FiresMatchNaiveRsi(double high, double low)
    {
        var feed = ReferenceData.Tardis;

        var outcome = ExampleRun.Replay("rsi_reversal", new Dictionary<string, double> { ["high"] = high, ["low"] = low }, feed.Journal);

        ExampleRun.AssertMatches(ExampleRun.Limit(Naive(feed.Trades, high, low), 10), outcome.Fires);
        Assert.Equal(0, outcome.Status.DroppedFires);
    }

    [Fact]
    public void CoinbaseTrades_TwoInstruments_KeepTheirOwnCrossings()
    {
        var feed = ReferenceData.Coinbase;
        var parameters = new Dictionary<string, double> { ["high"] = 55, ["low"] = 45 };

        var outcome = ExampleRun.Replay("rsi_reversal", parameters, feed.Journal);

        var expected = ExampleRun.Limit(Naive(feed.Trades, 55, 45), 10);
        Assert.True(expected.Select(f => f.Symbol).Distinct().Count() == 2, "both instruments should fire: " + string.Join(", ", expected.Select(f => f.Symbol)));
        ExampleRun.AssertMatches(expected, outcome.Fires);
    }

    private sealed class Instrument
    {
        public double Previous = double.NaN;
        public List<double> Changes = [];
        public double Gain;
        public double Loss;
        public List<double> Rsi = [];
        public double Ema;
        public double PreviousEma = double.NaN;
    }

    private static IEnumerable<ExpectedFire> Naive(IEnumerable<(RawEvent Event, Trade Trade)> trades, double high, double low)
    {
        const int period = 14, smoothing = 5;
        var instruments = new Dictionary<string, Instrument>();
        foreach (var (e, trade) in trades)
        {
            if (!instruments.TryGetValue(e.Symbol, out var s)) instruments[e.Symbol] = s = new Instrument();
            var price = trade.Price / 1e9;
            var previous = s.Previous;
            s.Previous = price;
            if (double.IsNaN(previous)) continue;
            s.Changes.Add(price - previous);
            var n = s.Changes.Count;
            if (n < period) continue;
            if (n == period)
            {
                // Wilder's seed: the plain means of the first 14 gains and losses.
                s.Gain = s.Changes.Sum(c => Math.Max(c, 0)) / period;
                s.Loss = s.Changes.Sum(c => Math.Max(-c, 0)) / period;
            }
            else
            {
                var change = s.Changes[^1];
                s.Gain = ((s.Gain * (period - 1)) + Math.Max(change, 0)) / period;
                s.Loss = ((s.Loss * (period - 1)) + Math.Max(-change, 0)) / period;
            }
            s.Rsi.Add(s.Loss == 0 ? (s.Gain == 0 ? 50 : 100) : 100 - (100 / (1 + (s.Gain / s.Loss))));
            if (s.Rsi.Count < smoothing) continue;
            s.Ema = s.Rsi.Count == smoothing ? s.Rsi.Average() : s.Ema + (2.0 / (smoothing + 1) * (s.Rsi[^1] - s.Ema));
            var now = s.Ema;
            if (s.PreviousEma >= high && now < high)
            {
                yield return new ExpectedFire(e.TsRecv, FireKind.TradeSignal, "RSI falls back from overbought", ("rsi", now)) { Side = Side.Sell, Symbol = e.Symbol };
            }
            else if (s.PreviousEma <= low && now > low)
            {
                yield return new ExpectedFire(e.TsRecv, FireKind.TradeSignal, "RSI recovers from oversold", ("rsi", now)) { Side = Side.Buy, Symbol = e.Symbol };
            }
            s.PreviousEma = now;
        }
    }
}
