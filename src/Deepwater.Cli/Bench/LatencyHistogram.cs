using System.Diagnostics;

namespace Deepwater.Cli.Bench;

/// <summary>Collects latencies in Stopwatch ticks and reports percentiles in nanoseconds.</summary>
internal sealed class LatencyHistogram(int capacity)
{
    private readonly long[] _ticks = new long[capacity];
    private int _count;

    public int Count => _count;

    public void Add(long ticks)
    {
        if (_count < _ticks.Length) _ticks[_count++] = ticks;
    }

    /// <summary>The q-quantile (0..1) in nanoseconds.</summary>
    public double PercentileNanos(double q)
    {
        if (_count == 0) return double.NaN;
        Array.Sort(_ticks, 0, _count);
        var index = (int)Math.Min(_count - 1, Math.Ceiling(q * _count) - 1);
        return _ticks[Math.Max(0, index)] * 1e9 / Stopwatch.Frequency;
    }
}
