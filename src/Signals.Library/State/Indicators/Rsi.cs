namespace Signals.Library.State;

/// <summary>
/// Wilder's RSI: average gain and loss seeded with the plain mean of the first <c>period</c>
/// changes, then smoothed as avg = (avg × (period − 1) + change) / period; RSI = 100 − 100 / (1 + gain / loss).
/// All gains and no losses give 100; no change at all gives 50.
/// </summary>
internal sealed class Rsi(Series source, int period) : SeriesIndicator(source)
{
    private double _previous = double.NaN;
    private int _changes;
    private double _gain;
    private double _loss;

    protected override void OnValue(double value, long now)
    {
        var previous = _previous;
        _previous = value;
        if (double.IsNaN(previous)) return;
        var change = value - previous;
        var gain = change > 0 ? change : 0;
        var loss = change < 0 ? -change : 0;
        if (_changes < period)
        {
            _gain += gain;
            _loss += loss;
            if (++_changes < period) return;
            _gain /= period;
            _loss /= period;
        }
        else
        {
            _gain = ((_gain * (period - 1)) + gain) / period;
            _loss = ((_loss * (period - 1)) + loss) / period;
        }

        var rsi = _loss == 0 ? (_gain == 0 ? 50 : 100) : 100 - (100 / (1 + (_gain / _loss)));
        Publish(rsi, now);
    }
}

/// <summary>The spec behind <see cref="Indicators.Rsi"/>.</summary>
internal sealed record RsiSpec(SeriesSpec Source, int Period) : SeriesSpec
{
    public override string Describe() => $"rsi({Period}, {Source.Describe()})";

    protected override Series Create(IStateInputs inputs) => new Rsi(inputs.Get(Source), Period);
}
