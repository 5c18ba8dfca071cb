namespace Signals.Library.State;

/// <summary>
/// A builder that produces a stream of numbers: a price, a spread, an indicator. Indicators read
/// any series, so they compose: an EMA of an RSI of the trade price.
/// </summary>
public abstract class Series : StateBuilder
{
    /// <summary>The latest value; NaN before the first.</summary>
    public double Value { get; private set; } = double.NaN;

    /// <summary>How many values have been produced; a reader that remembers it can tell a new value from an old one.</summary>
    public long Count { get; private set; }

    /// <summary>The event clock when the latest value was produced, UTC ns; 0 before the first.</summary>
    public long UpdatedAt { get; private set; }

    /// <summary>Whether a value has been produced.</summary>
    public bool HasValue => Count > 0;

    /// <summary>A series means something once it has a value; indicators add their own warm-up.</summary>
    public override bool IsWarm => HasValue;

    /// <summary>Produces a new value.</summary>
    /// <param name="value">The value.</param>
    /// <param name="now">The event clock, UTC ns.</param>
    protected void Publish(double value, long now)
    {
        Value = value;
        UpdatedAt = now;
        Count++;
    }
}

/// <summary>
/// A spec for a builder that is a <see cref="Series"/>. Indicators take any series spec as input,
/// so they compose; signals read the series' <see cref="Series.Value"/>.
/// </summary>
public abstract record SeriesSpec : StateSpec<Series>;
