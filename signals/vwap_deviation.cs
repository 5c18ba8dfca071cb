using System.Globalization;
using Signals.Library;
using Signals.Library.State;

/// <summary>The last trade strays far from the rolling five-minute VWAP.</summary>
public sealed class VwapDeviation : Signal
{
    private StateKey<Series> _vwap = null!;
    private double _limitBps;
    // Per instrument: a signal subscribed to "*" sees every instrument's trades.
    private readonly Dictionary<(string Feed, uint Instrument), bool> _outside = new();

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
        var key = (context.Feed, context.InstrumentId);
        _outside.TryGetValue(key, out var wasOutside);
        if (outside && !wasOutside)
        {
            // Invariant: the message must not depend on the machine's culture (a replay elsewhere reads "12,5").
            context.Fire(string.Create(CultureInfo.InvariantCulture, $"trade {deviationBps:+0.0;-0.0} bps from VWAP"), ("price", price), ("vwap", vwap.Value), ("deviation_bps", deviationBps));
        }
        _outside[key] = outside;
    }
}
