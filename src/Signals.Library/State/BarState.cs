using Signals.Library.State.Internal;

namespace Signals.Library.State;

/// <summary>
/// OHLCV bars of the instrument's trades, on the event clock, keeping the last few closed bars.
/// Declare it with <see cref="Builders.Bars"/>.
/// </summary>
/// <remarks>
/// Bar boundaries are multiples of the interval since the Unix epoch (1-minute bars start on the
/// minute). A bar closes as soon as the event clock reaches its <see cref="Bar.CloseTime"/>, on
/// whatever event moves the clock, so a closed bar is visible without waiting for the next trade.
/// Intervals without trades produce no bar: consecutive bars may be more than one interval apart
/// (compare <see cref="Bar.CloseTime"/>s), and no flat bar dilutes returns or volatility.
/// </remarks>
public sealed class BarState : StateBuilder
{
    private readonly RingBuffer<Bar> _closed;
    private readonly long _interval;
    private Bar _open;
    private bool _hasOpen;

    internal BarState(TimeSpan interval, int keep)
    {
        Interval = interval;
        _interval = Durations.Nanos(interval);
        _closed = new RingBuffer<Bar>(keep);
    }

    /// <inheritdoc/>
    public override EventKinds Consumes => EventKinds.Trade;

    /// <summary>Warm once a bar has closed.</summary>
    public override bool IsWarm => ClosedCount > 0;

    /// <summary>The bar length.</summary>
    public TimeSpan Interval { get; }

    /// <summary>How many closed bars are kept (the <c>keep</c> of <see cref="Builders.Bars"/>).</summary>
    public int Capacity => _closed.Capacity;

    /// <summary>Closed bars held: up to <see cref="Capacity"/>.</summary>
    public int Count => _closed.Count;

    /// <summary>Bars closed since the start, including those no longer held; a reader that remembers it can tell when a new bar closed.</summary>
    public long ClosedCount { get; private set; }

    /// <summary>A closed bar: <c>[0]</c> is the latest, <c>[1]</c> the one before, up to <see cref="Count"/> − 1.</summary>
    /// <param name="ago">0 for the latest closed bar.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="ago"/> is negative or not below <see cref="Count"/>.</exception>
    public Bar this[int ago] => _closed.FromNewest(ago);

    /// <summary>The latest closed bar, or null before the first closes.</summary>
    public Bar? Last => _closed.Count > 0 ? _closed.FromNewest(0) : null;

    /// <summary>The bar still forming (its trades so far; it may change), or null when the current interval has no trade yet.</summary>
    public Bar? Current => _hasOpen ? _open : null;

    /// <inheritdoc/>
    protected internal override bool WantsClock => true;

    /// <inheritdoc/>
    protected internal override void OnClock(long now) => CloseIfDue(now);

    /// <inheritdoc/>
    protected internal override void OnTrade(in Trade trade)
    {
        var now = trade.TsRecv;

        // The runtime calls OnClock first; closing here too keeps the bars right if it did not.
        CloseIfDue(now);
        if (!_hasOpen)
        {
            var start = now - Mod(now, _interval);
            _open = new Bar(start, start + _interval, trade.Price, trade.Price, trade.Price, trade.Price, trade.Size, 1);
            _hasOpen = true;
            return;
        }

        _open = _open with
        {
            High = Math.Max(_open.High, trade.Price),
            Low = Math.Min(_open.Low, trade.Price),
            Close = trade.Price,
            Volume = _open.Volume + trade.Size,
            Trades = _open.Trades + 1,
        };
    }

    private void CloseIfDue(long now)
    {
        if (!_hasOpen || now < _open.CloseTime) return;
        _closed.Add(_open);
        ClosedCount++;
        _hasOpen = false;
    }

    // Floor modulo, so clocks before the epoch still land on a boundary at or below them.
    private static long Mod(long value, long divisor)
    {
        var r = value % divisor;
        return r < 0 ? r + divisor : r;
    }
}

/// <summary>The spec behind <see cref="Builders.Bars"/>.</summary>
internal sealed record BarSpec(TimeSpan Interval, int Keep) : StateSpec<BarState>
{
    public override string Describe() => $"bars({Durations.Format(Interval)}, keep {Keep})";

    protected override BarState Create(IStateInputs inputs) => new(Interval, Keep);
}
