using Signals.Library.State.Internal;

namespace Signals.Library.State;

/// <summary>
/// Σ price × size / Σ size of trades, since the start or over a rolling window (now − window, now]
/// of the event clock. The sums are exact integers (price × size in 128 bits), so nothing drifts
/// however long it runs; only the final division is a double.
/// </summary>
internal sealed class Vwap : Series
{
    private readonly GrowableQueue<Entry> _trades = new();
    private readonly long _window;
    private Int128 _notional;
    private long _size;
    private long _first = -1;
    private long _now;

    public Vwap(TimeSpan? window) => _window = window is { } w ? Durations.Nanos(w) : 0;

    public override EventKinds Consumes => EventKinds.Trade;

    /// <summary>Warm with volume in it, and, for a window, once the clock has covered one full window since the first trade.</summary>
    public override bool IsWarm => _size > 0 && (_window == 0 || _now - _first >= _window);

    protected internal override bool WantsClock => _window > 0;

    protected internal override void OnClock(long now)
    {
        _now = now;
        if (_window == 0) return;
        var cutoff = now - _window;
        var expired = false;
        while (_trades.Count > 0 && _trades.Oldest.Time <= cutoff)
        {
            var old = _trades.Dequeue();
            _notional -= (Int128)old.Price * old.Size;
            _size -= old.Size;
            expired = true;
        }

        if (expired && _size > 0) Publish(Current, now);
    }

    protected internal override void OnTrade(in Trade trade)
    {
        if (trade.Size <= 0) return;
        OnClock(trade.TsRecv);
        if (_first < 0) _first = trade.TsRecv;
        _notional += (Int128)trade.Price * trade.Size;
        _size += trade.Size;
        if (_window > 0) _trades.Enqueue(new Entry(trade.TsRecv, trade.Price, trade.Size));
        Publish(Current, trade.TsRecv);
    }

    // Notional is at scale 1e-18 and size at 1e-9, so the quotient is at 1e-9: divide once more for units.
    private double Current => (double)_notional / _size / FixedPoint.Scale;

    private readonly record struct Entry(long Time, long Price, long Size);
}

/// <summary>The spec behind <see cref="Indicators.Vwap"/>.</summary>
internal sealed record VwapSpec(TimeSpan? Window) : SeriesSpec
{
    public override string Describe() => Window is { } w ? $"vwap({Durations.Format(w)})" : "vwap";

    protected override Series Create(IStateInputs inputs) => new Vwap(Window);
}
