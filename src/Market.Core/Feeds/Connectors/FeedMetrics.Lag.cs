namespace Market.Core.Feeds.Connectors;

public sealed partial class FeedMetrics
{
    private readonly Lock _lagGate = new();
    private readonly long[] _lags;
    private int _lagNext;
    private int _lagCount;

    /// <summary>Median receive lag (TsRecv − TsEvent) over the recent window, or null before any event.</summary>
    public TimeSpan? LagP50 => LagPercentile(0.50);

    /// <summary>99th-percentile receive lag over the recent window, or null before any event.</summary>
    public TimeSpan? LagP99 => LagPercentile(0.99);

    /// <summary>The receive lag at <paramref name="quantile"/> (0..1) over the recent window (nearest rank).</summary>
    public TimeSpan? LagPercentile(double quantile)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(quantile, 0);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(quantile, 1);
        long[] copy;
        lock (_lagGate)
        {
            if (_lagCount == 0) return null;
            copy = _lags[.._lagCount];
        }
        Array.Sort(copy);
        var rank = (int)Math.Ceiling(quantile * copy.Length) - 1;
        return TimeSpan.FromTicks(copy[Math.Clamp(rank, 0, copy.Length - 1)] / 100);
    }

    private void SampleLag(long nanos)
    {
        lock (_lagGate)
        {
            _lags[_lagNext] = nanos;
            _lagNext = (_lagNext + 1) % _lags.Length;
            if (_lagCount < _lags.Length) _lagCount++;
        }
    }
}
