using Signals.Library;
using Signals.Library.State;

/// <summary>The last trade strays far from the rolling five-minute VWAP.</summary>
public sealed class VwapDeviation : Signal
{
    private StateKey<Series> _vwap = null!;
    private double _limitBps;
    private bool _outside;

    public override void Configure(SignalSetup setup)
    {
        setup.Describe("A trade prints more than limit_bps away from the 5-minute VWAP.");
        setup.Subscribe("*", "*", EventKinds.Trade);
        _vwap = setup.Use(Indicators.Vwap(TimeSpan.FromMinutes(5)));
        _limitBps = setup.Parameter("limit_bps", 15, "distance from VWAP that fires, in bps");
    }

    public override void OnTrade(in Trade trade, SignalContext context)
    {
        var vwap = context.State(_vwap);
        if (!vwap.IsWarm) return;
        var price = FixedPoint.ToDouble(trade.Price);
        var deviationBps = (price - vwap.Value) / vwap.Value * 1e4;
        var outside = Math.Abs(deviationBps) > _limitBps;
        if (outside && !_outside)
        {
            context.Fire($"trade {deviationBps:+0.0;-0.0} bps from VWAP", ("price", price), ("vwap", vwap.Value), ("deviation_bps", deviationBps));
        }
        _outside = outside;
    }
}
