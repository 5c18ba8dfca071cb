using System.Globalization;
using Signals.Library;

namespace Signals.Runtime.Tests.Examples;

/// <summary>spread_blowout checked against a rebuilt book and a plain EMA(200) of its spread in bps, per instrument.</summary>
public sealed class SpreadBlowoutTests
{
    public static TheoryData<string, double, double> Cases() => new()
    {
        { "coinbase", 2, 0 },
        { "coinbase", 2.5, 0.5 },
        { "binance", 1.5, 0 },
        { "binance", 2, 5 },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Capture_FiresMatchNaiveSpreadEma(string capture, double multiple, double floorBps)
    {
        var feed = capture == "coinbase" ? ReferenceData.Coinbase : ReferenceData.Binance;
        var parameters = new Dictionary<string, double> { ["multiple"] = multiple, ["floor_bps"] = floorBps };

        var outcome = ExampleRun.Replay("spread_blowout", parameters, feed.Journal);

        var expected = ExampleRun.Limit(Naive(feed.Events, multiple, floorBps), 20);
        ExampleRun.AssertMatches(expected, outcome.Fires);
        Assert.Equal(outcome.Status.DroppedFires, Naive(feed.Events, multiple, floorBps).Count() - expected.Count);
    }

    private sealed class Instrument
    {
        public NaiveBook Book { get; } = new();

        public List<double> Spreads { get; } = [];

        public double Ema;
    }

    private static IEnumerable<ExpectedFire> Naive(IReadOnlyList<RawEvent> events, double multiple, double floorBps)
    {
        const int period = 200;
        var instruments = new Dictionary<uint, Instrument>();
        foreach (var e in events)
        {
            if (e.Kind is not (EventKind.BookDelta or EventKind.BookSnapshot or EventKind.Gap)) continue;
            if (!instruments.TryGetValue(e.InstrumentId, out var s)) instruments[e.InstrumentId] = s = new Instrument();
            if (!s.Book.Apply(e) || !s.Book.IsValid || s.Book.SpreadBps() is not { } spread) continue;
            s.Spreads.Add(spread);
            if (s.Spreads.Count < period) continue;
            s.Ema = s.Spreads.Count == period ? s.Spreads.Average() : s.Ema + (2.0 / (period + 1) * (spread - s.Ema));
            if (spread >= floorBps && spread > multiple * s.Ema)
            {
                yield return new ExpectedFire(e.TsRecv, FireKind.Alert,
                    string.Create(CultureInfo.InvariantCulture, $"spread {spread:F1} bps is {spread / s.Ema:F1}x its average"),
                    ("spread_bps", spread), ("typical_bps", s.Ema), ("bid_levels", s.Book.BidCount), ("ask_levels", s.Book.AskCount)) { Symbol = e.Symbol };
            }
        }
    }
}
