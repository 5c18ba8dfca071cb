using Signals.Library.State.Internal;

namespace Signals.Library.State;

/// <summary>
/// The sample standard deviation (n − 1) of the last <c>count</c> log returns between consecutive
/// values, per value step and not annualised. Values of 0 or less have no log and are skipped.
/// </summary>
internal sealed class RealizedVolatility(Series source, int count) : SeriesIndicator(source)
{
    private readonly RollingMoments _returns = new(count);
    private double _previous = double.NaN;

    protected override void OnValue(double value, long now)
    {
        if (value <= 0) return;
        var previous = _previous;
        _previous = value;
        if (double.IsNaN(previous)) return;
        _returns.Add(Math.Log(value / previous));
        if (_returns.IsFull) Publish(Math.Sqrt(_returns.SampleVariance), now);
    }
}

/// <summary>The spec behind <see cref="Indicators.RealizedVolatility"/>.</summary>
internal sealed record RealizedVolatilitySpec(SeriesSpec Source, int Count) : SeriesSpec
{
    public override string Describe() => $"realized_vol({Count}, {Source.Describe()})";

    protected override Series Create(IStateInputs inputs) => new RealizedVolatility(inputs.Get(Source), Count);
}
