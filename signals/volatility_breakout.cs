using Signals.Library;
using Signals.Library.State;

/// <summary>A one-minute return far outside the recent distribution of one-minute returns.</summary>
public sealed class VolatilityBreakout : Signal
{
    private StateKey<Series> _zScore = null!;
    private StateKey<BarState> _bars = null!;
    private double _threshold;
    // Per instrument: bar counts of different instruments are unrelated.
    private readonly Dictionary<(string Feed, uint Instrument), long> _lastBarChecked = new();

    public override void Configure(SignalSetup setup)
    {
        setup.Describe("The latest 1-minute log return has a z-score beyond the threshold over the last 30 bars.");
        setup.Subscribe("*", "*", EventKinds.Trade | EventKinds.Book);
        _bars = setup.Use(Builders.Bars(TimeSpan.FromMinutes(1)));
        _zScore = setup.Use(Indicators.ZScore(Sources.BarReturn(TimeSpan.FromMinutes(1)), 30));
        _threshold = setup.Parameter("threshold", 3, "absolute z-score that fires");
    }

    public override void OnTrade(in Trade trade, SignalContext context) => Check(context);

    public override void OnBookChanged(SignalContext context) => Check(context);

    private void Check(SignalContext context)
    {
        var bars = context.State(_bars);
        var z = context.State(_zScore);
        // One verdict per closed bar.
        if (!z.IsWarm) return;
        var key = (context.Feed, context.InstrumentId);
        if (_lastBarChecked.TryGetValue(key, out var checkedCount) && checkedCount == bars.ClosedCount) return;
        _lastBarChecked[key] = bars.ClosedCount;
        if (Math.Abs(z.Value) >= _threshold)
        {
            var bar = bars[0];
            context.Alert(z.Value > 0 ? "upside volatility breakout" : "downside volatility breakout",
                ("z", z.Value), ("close", FixedPoint.ToDouble(bar.Close)), ("bar_volume", FixedPoint.ToDouble(bar.Volume)));
        }
    }
}
