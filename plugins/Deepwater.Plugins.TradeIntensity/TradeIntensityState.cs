using Signals.Library;
using Signals.Library.State;

namespace Deepwater.Plugins.TradeIntensity;

/// <summary>
/// Trade arrival intensity: an exponentially decaying count of trades (and of traded volume) per
/// second on the event clock, with a half-life. A burst of prints raises it at once; quiet lets it
/// decay smoothly, so it reads as "trades per second right now" without a window edge.
/// </summary>
public sealed class TradeIntensityState : StateBuilder
{
    private readonly double _decayPerNano;
    private double _trades;
    private double _volume;
    private long _last;
    private long _first;

    internal TradeIntensityState(TimeSpan halfLife)
    {
        HalfLife = halfLife;
        _decayPerNano = Math.Log(2) / (halfLife.Ticks * 100.0);
    }

    /// <inheritdoc/>
    public override EventKinds Consumes => EventKinds.Trade;

    /// <summary>Warm after one half-life since the first trade.</summary>
    public override bool IsWarm => _first != 0 && _last - _first >= HalfLife.Ticks * 100;

    /// <summary>The decay half-life.</summary>
    public TimeSpan HalfLife { get; }

    /// <summary>Trades per second, decayed to the last event.</summary>
    public double TradesPerSecond => _trades * _decayPerNano * 1e9;

    /// <summary>Traded volume (in units) per second, decayed to the last event.</summary>
    public double VolumePerSecond => _volume * _decayPerNano * 1e9;

    /// <inheritdoc/>
    protected override void OnTrade(in Trade trade)
    {
        Decay(trade.TsRecv);
        _trades += 1;
        _volume += FixedPoint.ToDouble(trade.Size);
    }

    private void Decay(long now)
    {
        if (_first == 0) _first = now;
        if (now > _last && _last != 0)
        {
            var factor = Math.Exp(-_decayPerNano * (now - _last));
            _trades *= factor;
            _volume *= factor;
        }
        _last = Math.Max(_last, now);
    }
}

/// <summary>What a signal asks for: <c>setup.Use(TradeIntensity.Of(TimeSpan.FromSeconds(10)))</c>.</summary>
public static class TradeIntensity
{
    /// <summary>Trade intensity with the given half-life.</summary>
    /// <param name="halfLife">How fast old trades stop counting; at least 1 ms.</param>
    /// <returns>The spec.</returns>
    public static StateSpec<TradeIntensityState> Of(TimeSpan halfLife) =>
        halfLife >= TimeSpan.FromMilliseconds(1) ? new TradeIntensitySpec(halfLife) : throw new ArgumentOutOfRangeException(nameof(halfLife), halfLife, "at least 1 ms");
}

/// <summary>The spec: equal half-lives share one builder.</summary>
/// <param name="HalfLife">The decay half-life.</param>
internal sealed record TradeIntensitySpec(TimeSpan HalfLife) : StateSpec<TradeIntensityState>
{
    /// <inheritdoc/>
    public override string Describe() => $"trade_intensity({HalfLife.TotalSeconds:0.###}s)";

    /// <inheritdoc/>
    protected override TradeIntensityState Create(IStateInputs inputs) => new(HalfLife);
}
