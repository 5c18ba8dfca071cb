using Signals.Library.State.Internal;

namespace Signals.Library.State;

/// <summary>
/// (x − mean) / stdev over the last <c>period</c> values including x, with the population stdev
/// (n). A window of equal values has no spread and gives 0, not a division by zero.
/// </summary>
internal sealed class ZScore(Series source, int period) : SeriesIndicator(source)
{
    private readonly RollingMoments _window = new(period);

    protected override void OnValue(double value, long now)
    {
        _window.Add(value);
        if (!_window.IsFull) return;
        var stdev = Math.Sqrt(_window.PopulationVariance);
        Publish(stdev == 0 ? 0 : (value - _window.Mean) / stdev, now);
    }
}

/// <summary>The spec behind <see cref="Indicators.ZScore"/>.</summary>
internal sealed record ZScoreSpec(SeriesSpec Source, int Period) : SeriesSpec
{
    public override string Describe() => $"zscore({Period}, {Source.Describe()})";

    protected override Series Create(IStateInputs inputs) => new ZScore(inputs.Get(Source), Period);
}
