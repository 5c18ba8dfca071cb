namespace Signals.Library.State;

/// <summary>
/// An indicator of one series. It reads only the source's warm, finite values, and publishes only
/// once it is warm itself, so a value always means what the indicator says and warmness passes
/// down a chain: an EMA(9) of an RSI(14) is warm 9 RSI values after the RSI is.
/// </summary>
internal abstract class SeriesIndicator : Series
{
    private long _seen;

    protected SeriesIndicator(Series source)
    {
        Source = source;
        ReadFrom(source);
    }

    public override EventKinds Consumes => EventKinds.None;

    /// <summary>Warm once it has published and while its source stays warm (a book source cools during a gap).</summary>
    public override bool IsWarm => HasValue && Source.IsWarm;

    protected Series Source { get; }

    protected internal sealed override void OnInputsUpdated(long now)
    {
        if (Source.Count == _seen) return;
        _seen = Source.Count;
        if (!Source.IsWarm || !double.IsFinite(Source.Value)) return;
        OnValue(Source.Value, now);
    }

    /// <summary>A new warm value of the source.</summary>
    protected abstract void OnValue(double value, long now);
}
