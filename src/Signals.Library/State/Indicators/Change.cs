using Signals.Library.State.Internal;

namespace Signals.Library.State;

/// <summary>x − x[lag values ago], or the simple return x / x[lag ago] − 1 (skipped when the old value is 0).</summary>
internal sealed class Change(Series source, int lag, bool ratio) : SeriesIndicator(source)
{
    private readonly RingBuffer<double> _values = new(lag + 1);

    protected override void OnValue(double value, long now)
    {
        _values.Add(value);
        if (!_values.IsFull) return;
        var old = _values.FromOldest(0);
        if (!ratio) Publish(value - old, now);
        else if (old != 0) Publish((value / old) - 1, now);
    }
}

/// <summary>The spec behind <see cref="Indicators.Change"/> and <see cref="Indicators.Return"/>.</summary>
internal sealed record ChangeSpec(SeriesSpec Source, int Lag, bool Ratio) : SeriesSpec
{
    public override string Describe() => $"{(Ratio ? "return" : "change")}({Lag}, {Source.Describe()})";

    protected override Series Create(IStateInputs inputs) => new Change(inputs.Get(Source), Lag, Ratio);
}
