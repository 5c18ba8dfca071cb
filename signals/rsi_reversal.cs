using Signals.Library;
using Signals.Library.State;

/// <summary>A smoothed RSI of trade prices leaves overbought or oversold territory: a trade idea, recorded only.</summary>
public sealed class RsiReversal : Signal
{
    private StateKey<Series> _rsi = null!;
    private double _high;
    private double _low;
    // Per instrument: one shared previous value would compare one instrument's RSI with another's.
    private readonly Dictionary<(string Feed, uint Instrument), double> _previous = new();

    public override void Configure(SignalSetup setup)
    {
        setup.Describe("EMA(5) of RSI(14) on trade prices crosses back below the high band or above the low band.");
        setup.Subscribe("*", "*", EventKinds.Trade);
        _rsi = setup.Use(Indicators.Ema(Indicators.Rsi(Sources.TradePrice(), 14), 5));
        _high = setup.Parameter("high", 70, "overbought band");
        _low = setup.Parameter("low", 30, "oversold band");
        setup.LimitFires(10);
    }

    public override void OnTrade(in Trade trade, SignalContext context)
    {
        var rsi = context.State(_rsi);
        if (!rsi.IsWarm) return;
        var now = rsi.Value;
        var key = (context.Feed, context.InstrumentId);
        var previous = _previous.TryGetValue(key, out var seen) ? seen : double.NaN;
        if (previous >= _high && now < _high) context.TradeSignal(Side.Sell, "RSI falls back from overbought", ("rsi", now));
        else if (previous <= _low && now > _low) context.TradeSignal(Side.Buy, "RSI recovers from oversold", ("rsi", now));
        _previous[key] = now;
    }
}
