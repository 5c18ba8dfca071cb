using Signals.Library;
using Signals.Library.State;

/// <summary>Aggressive buying or selling dominates the last half minute of trades.</summary>
public sealed class TradeFlowImbalance : Signal
{
    private StateKey<TradeFlowState> _flow = null!;
    private double _threshold;
    private long _minTrades;
    // Per instrument: a signal subscribed to "*" sees every instrument's trades.
    private readonly Dictionary<(string Feed, uint Instrument), int> _lastSides = new();

    public override void Configure(SignalSetup setup)
    {
        setup.Describe("Buy or sell volume exceeds the threshold share of the last 30 s of trades.");
        setup.Subscribe("*", "*", EventKinds.Trade);
        _flow = setup.Use(Builders.TradeFlow(TimeSpan.FromSeconds(30)));
        _threshold = setup.Parameter("threshold", 0.6, "imbalance (buy - sell) / (buy + sell) that fires");
        _minTrades = (long)setup.Parameter("min_trades", 20, "trades in the window before it counts");
    }

    public override void OnTrade(in Trade trade, SignalContext context)
    {
        var flow = context.State(_flow);
        if (!flow.IsWarm || flow.TradeCount < _minTrades) return;
        var imbalance = flow.Imbalance;
        // Fire on entering an extreme, not on every trade while it lasts.
        var side = imbalance >= _threshold ? 1 : imbalance <= -_threshold ? -1 : 0;
        var key = (context.Feed, context.InstrumentId);
        _lastSides.TryGetValue(key, out var lastSide);
        if (side != 0 && side != lastSide)
        {
            context.Fire(side > 0 ? "buyers dominate the tape" : "sellers dominate the tape",
                ("imbalance", imbalance), ("trades", flow.TradeCount), ("cvd", FixedPoint.ToDouble(flow.CumulativeDelta)));
        }
        _lastSides[key] = side;
    }
}
