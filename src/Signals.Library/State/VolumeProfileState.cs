using Signals.Library.State.Internal;

namespace Signals.Library.State;

/// <summary>
/// Traded volume by price bucket, since the start or over a rolling window of the event clock,
/// with the point of control (the busiest bucket) and the value area. Declare it with
/// <see cref="Builders.VolumeProfile"/>.
/// </summary>
/// <remarks>
/// Updates are O(1). The reads that rank buckets (<see cref="PointOfControl"/>,
/// <see cref="ValueArea"/>, <see cref="GetBuckets"/>) cost O(buckets) (sorting, for the value
/// area) and are cached until the next change, so reading them on every event of a busy instrument
/// with thousands of buckets is not free: choose the bucket size accordingly.
/// </remarks>
public sealed class VolumeProfileState : StateBuilder
{
    private readonly Dictionary<long, long> _volumes = [];
    private readonly GrowableQueue<Entry> _trades = new();
    private readonly long _window;
    private VolumeBucket[] _sorted = new VolumeBucket[16];
    private long _version;
    private long _sortedVersion = -1;

    internal VolumeProfileState(long bucketSize, TimeSpan? window)
    {
        BucketSize = bucketSize;
        Window = window;
        _window = window is { } w ? Durations.Nanos(w) : 0;
    }

    /// <inheritdoc/>
    public override EventKinds Consumes => EventKinds.Trade;

    /// <summary>Warm once a trade has been seen.</summary>
    public override bool IsWarm => TotalVolume > 0;

    /// <summary>The bucket width at scale 1e-9.</summary>
    public long BucketSize { get; }

    /// <summary>The rolling window, or null when the profile covers everything since the start.</summary>
    public TimeSpan? Window { get; }

    /// <summary>The volume in the profile at scale 1e-9.</summary>
    public long TotalVolume { get; private set; }

    /// <summary>Buckets with volume.</summary>
    public int BucketCount => _volumes.Count;

    /// <summary>The bucket holding the most volume (the lowest-priced one on a tie), or null when empty.</summary>
    public VolumeBucket? PointOfControl
    {
        get
        {
            var sorted = Sorted();
            if (sorted.Length == 0) return null;
            var best = sorted[0];
            foreach (var bucket in sorted)
            {
                if (bucket.Volume > best.Volume) best = bucket;
            }

            return best;
        }
    }

    /// <summary>The lowest price of the bucket holding <paramref name="price"/>.</summary>
    /// <param name="price">A price at scale 1e-9.</param>
    /// <returns>The bucket's lowest price.</returns>
    public long BucketOf(long price)
    {
        var r = price % BucketSize;
        return price - (r < 0 ? r + BucketSize : r);
    }

    /// <summary>The volume traded in the bucket holding <paramref name="price"/>, at scale 1e-9.</summary>
    /// <param name="price">A price at scale 1e-9.</param>
    /// <returns>The volume; 0 for an empty bucket.</returns>
    public long VolumeAt(long price) => _volumes.GetValueOrDefault(BucketOf(price));

    /// <summary>
    /// The value area: starting from the point of control, the neighbouring bucket with more volume
    /// (above on a tie) is added until the area holds <paramref name="fraction"/> of the volume.
    /// Neighbours are the next buckets with volume, so empty price ranges are skipped over.
    /// </summary>
    /// <param name="fraction">The share of volume to cover, in (0, 1]; 0.7 by convention.</param>
    /// <returns>The range from the lowest bucket's price to the top of the highest bucket, or null when empty.</returns>
    public PriceRange? ValueArea(double fraction = 0.7)
    {
        if (!(fraction > 0 && fraction <= 1)) throw new ArgumentOutOfRangeException(nameof(fraction), fraction, "the value area covers a fraction in (0, 1]");
        var sorted = Sorted();
        if (sorted.Length == 0) return null;
        var poc = 0;
        for (var i = 1; i < sorted.Length; i++)
        {
            if (sorted[i].Volume > sorted[poc].Volume) poc = i;
        }

        var target = fraction * TotalVolume;
        int low = poc, high = poc;
        double covered = sorted[poc].Volume;
        while (covered < target && (low > 0 || high < sorted.Length - 1))
        {
            var below = low > 0 ? sorted[low - 1].Volume : -1;
            var above = high < sorted.Length - 1 ? sorted[high + 1].Volume : -1;
            if (above >= below) covered += sorted[++high].Volume;
            else covered += sorted[--low].Volume;
        }

        return new PriceRange(sorted[low].Price, sorted[high].Price + BucketSize);
    }

    /// <summary>Copies the buckets with volume, lowest price first, as many as fit.</summary>
    /// <param name="destination">Where to copy; <see cref="BucketCount"/> elements hold them all.</param>
    /// <returns>The number copied.</returns>
    public int GetBuckets(Span<VolumeBucket> destination)
    {
        var sorted = Sorted();
        var n = Math.Min(sorted.Length, destination.Length);
        sorted[..n].CopyTo(destination);
        return n;
    }

    /// <inheritdoc/>
    protected internal override bool WantsClock => _window > 0;

    /// <inheritdoc/>
    protected internal override void OnClock(long now)
    {
        if (_window == 0) return;
        var cutoff = now - _window;
        while (_trades.Count > 0 && _trades.Oldest.Time <= cutoff)
        {
            var old = _trades.Dequeue();
            var left = _volumes[old.Bucket] - old.Size;

            // Dropping empty buckets keeps a rolling profile's size bounded by the prices in the window.
            if (left == 0) _volumes.Remove(old.Bucket);
            else _volumes[old.Bucket] = left;
            TotalVolume -= old.Size;
            _version++;
        }
    }

    /// <inheritdoc/>
    protected internal override void OnTrade(in Trade trade)
    {
        if (trade.Size <= 0) return;
        OnClock(trade.TsRecv);
        var bucket = BucketOf(trade.Price);
        _volumes[bucket] = _volumes.GetValueOrDefault(bucket) + trade.Size;
        TotalVolume += trade.Size;
        if (_window > 0) _trades.Enqueue(new Entry(trade.TsRecv, bucket, trade.Size));
        _version++;
    }

    private ReadOnlySpan<VolumeBucket> Sorted()
    {
        if (_sortedVersion != _version)
        {
            if (_sorted.Length < _volumes.Count) _sorted = new VolumeBucket[Math.Max(_volumes.Count, _sorted.Length * 2)];
            var n = 0;
            foreach (var (price, volume) in _volumes) _sorted[n++] = new VolumeBucket(price, volume);
            _sorted.AsSpan(0, n).Sort(static (a, b) => a.Price.CompareTo(b.Price));
            _sortedVersion = _version;
        }

        return _sorted.AsSpan(0, _volumes.Count);
    }

    private readonly record struct Entry(long Time, long Bucket, long Size);
}

/// <summary>The spec behind <see cref="Builders.VolumeProfile"/>.</summary>
internal sealed record VolumeProfileSpec(long BucketSize, TimeSpan? Window) : StateSpec<VolumeProfileState>
{
    public override string Describe() => Window is { } w
        ? $"volume_profile({FixedPoint.Format(BucketSize)}, {Durations.Format(w)})"
        : $"volume_profile({FixedPoint.Format(BucketSize)})";

    protected override VolumeProfileState Create(IStateInputs inputs) => new(BucketSize, Window);
}
