using Signals.Library.State.Internal;

namespace Signals.Library.State;

/// <summary>
/// Aggressive buy and sell volume over a rolling window of the event clock, and the cumulative
/// volume delta since the start. Declare it with <see cref="Builders.TradeFlow"/>.
/// </summary>
/// <remarks>
/// The window is (now − window, now]: a trade leaves it once the clock is a full window past it,
/// on whatever event moves the clock. Trades whose aggressor is unknown (<see cref="Side.None"/>)
/// count in neither side. Volumes are exact fixed-point sums, so nothing drifts.
/// </remarks>
public sealed class TradeFlowState : StateBuilder
{
    private readonly GrowableQueue<Entry> _trades = new();
    private readonly long _window;
    private long? _first;
    private long _now;

    internal TradeFlowState(TimeSpan window)
    {
        Window = window;
        _window = Durations.Nanos(window);
    }

    /// <inheritdoc/>
    public override EventKinds Consumes => EventKinds.Trade;

    /// <summary>Warm once the clock has run one full window since the first trade, so the window is not cut short by the start.</summary>
    public override bool IsWarm => _first is { } first && _now - first >= _window;

    /// <summary>The window length.</summary>
    public TimeSpan Window { get; }

    /// <summary>Buyer-initiated volume in the window, at scale 1e-9.</summary>
    public long BuyVolume { get; private set; }

    /// <summary>Seller-initiated volume in the window, at scale 1e-9.</summary>
    public long SellVolume { get; private set; }

    /// <summary>Trades with a known aggressor in the window.</summary>
    public int TradeCount => _trades.Count;

    /// <summary>(buy − sell) / (buy + sell) over the window, in [−1, 1]; 0 when the window holds no volume.</summary>
    public double Imbalance
    {
        get
        {
            var total = BuyVolume + SellVolume;
            return total == 0 ? 0 : (double)(BuyVolume - SellVolume) / total;
        }
    }

    /// <summary>Buy volume minus sell volume since the start (cumulative volume delta), at scale 1e-9.</summary>
    public long CumulativeDelta { get; private set; }

    /// <summary>Changes so far (trades in, trades expired); a reader that remembers it can tell whether the flow moved.</summary>
    internal long Version { get; private set; }

    /// <inheritdoc/>
    protected internal override bool WantsClock => true;

    /// <inheritdoc/>
    protected internal override void OnClock(long now)
    {
        _now = now;
        var cutoff = now - _window;
        while (_trades.Count > 0 && _trades.Oldest.Time <= cutoff)
        {
            var old = _trades.Dequeue();
            if (old.Buy) BuyVolume -= old.Size;
            else SellVolume -= old.Size;
            Version++;
        }
    }

    /// <inheritdoc/>
    protected internal override void OnTrade(in Trade trade)
    {
        // Expire first even if the runtime did not call OnClock.
        OnClock(trade.TsRecv);
        _first ??= trade.TsRecv;
        if (trade.Aggressor is not (Side.Buy or Side.Sell)) return;
        var buy = trade.Aggressor == Side.Buy;
        _trades.Enqueue(new Entry(trade.TsRecv, trade.Size, buy));
        if (buy)
        {
            BuyVolume += trade.Size;
            CumulativeDelta += trade.Size;
        }
        else
        {
            SellVolume += trade.Size;
            CumulativeDelta -= trade.Size;
        }

        Version++;
    }

    private readonly record struct Entry(long Time, long Size, bool Buy);
}

/// <summary>The spec behind <see cref="Builders.TradeFlow"/>.</summary>
internal sealed record TradeFlowSpec(TimeSpan Window) : StateSpec<TradeFlowState>
{
    public override string Describe() => $"trade_flow({Durations.Format(Window)})";

    protected override TradeFlowState Create(IStateInputs inputs) => new(Window);
}
