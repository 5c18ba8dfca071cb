namespace Signals.Library.State.Internal;

/// <summary>
/// Mean and variance of the last <c>window</c> values in O(1) per value.
/// </summary>
/// <remarks>
/// Sums are kept of (x − shift), where shift is a recent value, so squaring prices near 10⁴ does
/// not cancel catastrophically (equal values give a variance of exactly 0). Adding and removing
/// values from running sums drifts, so every <c>window</c> additions the sums are recomputed from
/// the ring, with a fresh shift: amortised O(1), and the error never outlives one window.
/// </remarks>
internal sealed class RollingMoments(int window)
{
    private readonly RingBuffer<double> _values = new(window);
    private double _shift;
    private double _sum;
    private double _sumSquares;
    private int _sinceRecompute;

    public int Count => _values.Count;

    public bool IsFull => _values.IsFull;

    public double Mean => _shift + (_sum / _values.Count);

    /// <summary>Σ(x − mean)² / n.</summary>
    public double PopulationVariance => Math.Max(0, (_sumSquares - (_sum * _sum / _values.Count)) / _values.Count);

    /// <summary>Σ(x − mean)² / (n − 1); 0 with fewer than two values.</summary>
    public double SampleVariance => _values.Count < 2 ? 0 : Math.Max(0, (_sumSquares - (_sum * _sum / _values.Count)) / (_values.Count - 1));

    public void Add(double value)
    {
        if (_values.Count == 0) _shift = value;
        if (_values.Add(value, out var evicted))
        {
            var e = evicted - _shift;
            _sum -= e;
            _sumSquares -= e * e;
        }

        var d = value - _shift;
        _sum += d;
        _sumSquares += d * d;
        if (++_sinceRecompute >= _values.Capacity) Recompute();
    }

    private void Recompute()
    {
        _sinceRecompute = 0;
        _shift = _values.FromNewest(0);
        _sum = 0;
        _sumSquares = 0;
        for (var i = 0; i < _values.Count; i++)
        {
            var d = _values.FromOldest(i) - _shift;
            _sum += d;
            _sumSquares += d * d;
        }
    }
}
