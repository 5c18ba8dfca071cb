using Signals.Library.State.Internal;

namespace Signals.Library.State;

/// <summary>The mean of the last <c>period</c> values, O(1) per value (see <see cref="RollingMoments"/> for drift).</summary>
internal sealed class Sma(Series source, int period) : SeriesIndicator(source)
{
    private readonly RollingMoments _window = new(period);

    protected override void OnValue(double value, long now)
    {
        _window.Add(value);
        if (_window.IsFull) Publish(_window.Mean, now);
    }
}

/// <summary>The spec behind <see cref="Indicators.Sma"/>.</summary>
internal sealed record SmaSpec(SeriesSpec Source, int Period) : SeriesSpec
{
    public override string Describe() => $"sma({Period}, {Source.Describe()})";

    protected override Series Create(IStateInputs inputs) => new Sma(inputs.Get(Source), Period);
}
