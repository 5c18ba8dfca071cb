namespace Signals.Library.State;

/// <summary>
/// Exponential moving average with α = 2 / (period + 1), seeded with the mean of the first
/// <c>period</c> values: its first value is that mean, so it never starts from one arbitrary value.
/// </summary>
internal sealed class Ema(Series source, int period) : SeriesIndicator(source)
{
    private readonly double _alpha = 2.0 / (period + 1);
    private double _sum;
    private int _count;
    private double _ema;

    protected override void OnValue(double value, long now)
    {
        if (_count < period)
        {
            _sum += value;
            if (++_count < period) return;
            _ema = _sum / period;
        }
        else
        {
            _ema += _alpha * (value - _ema);
        }

        Publish(_ema, now);
    }
}

/// <summary>The spec behind <see cref="Indicators.Ema"/>.</summary>
internal sealed record EmaSpec(SeriesSpec Source, int Period) : SeriesSpec
{
    public override string Describe() => $"ema({Period}, {Source.Describe()})";

    protected override Series Create(IStateInputs inputs) => new Ema(inputs.Get(Source), Period);
}
