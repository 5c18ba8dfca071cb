using Signals.Library.State.Internal;

namespace Signals.Library.State;

/// <summary>One value per closed bar: its close in units, or the log return from the previous bar's close.</summary>
internal sealed class BarSource : Series
{
    private readonly BarState _bars;
    private readonly bool _return;
    private long _seen;
    private double _previousClose = double.NaN;

    public BarSource(BarState bars, bool logReturn)
    {
        _bars = bars;
        _return = logReturn;
        ReadFrom(bars);
    }

    public override EventKinds Consumes => EventKinds.None;

    protected internal override void OnInputsUpdated(long now)
    {
        var closed = _bars.ClosedCount;
        if (closed == _seen) return;

        // Normally one bar closes per event; catch up oldest first if a call was skipped.
        var missed = (int)Math.Min(closed - _seen, _bars.Count);
        _seen = closed;
        for (var ago = missed - 1; ago >= 0; ago--)
        {
            var close = FixedPoint.ToDouble(_bars[ago].Close);
            if (!_return)
            {
                Publish(close, now);
                continue;
            }

            if (_previousClose > 0 && close > 0) Publish(Math.Log(close / _previousClose), now);
            _previousClose = close;
        }
    }
}

/// <summary>The spec behind <see cref="Sources.BarClose"/> and <see cref="Sources.BarReturn"/>.</summary>
internal sealed record BarSourceSpec(TimeSpan Interval, bool LogReturn) : SeriesSpec
{
    public override string Describe() => $"{(LogReturn ? "bar_return" : "bar_close")}({Durations.Format(Interval)})";

    protected override Series Create(IStateInputs inputs) => new BarSource(inputs.Get(Builders.Bars(Interval)), LogReturn);
}
