using Signals.Library;

namespace Mcp.Server.Data;

/// <summary>What one symbol (or the feed, instrument 0) held on one UTC day of a feed's journal.</summary>
public sealed class DayCell
{
    /// <summary>Events by <see cref="EventKind"/> value.</summary>
    public long[] Counts { get; } = new long[8];

    /// <summary>Receive time of the first event.</summary>
    public long First { get; set; } = long.MaxValue;

    /// <summary>Receive time of the last event.</summary>
    public long Last { get; set; } = long.MinValue;

    /// <summary>Journal bytes of the events (record headers, payloads and padding).</summary>
    public long Bytes { get; set; }

    /// <summary>Every event.</summary>
    public long Events => Counts.Sum();

    /// <summary>Adds one record.</summary>
    /// <param name="kind">Its kind.</param>
    /// <param name="tsRecv">Its receive time.</param>
    /// <param name="bytes">Its size in the journal.</param>
    public void Add(EventKind kind, long tsRecv, long bytes)
    {
        Counts[(int)kind & 7]++;
        First = Math.Min(First, tsRecv);
        Last = Math.Max(Last, tsRecv);
        Bytes += bytes;
    }

    /// <summary>Adds another cell's figures.</summary>
    /// <param name="other">The cell.</param>
    public void Merge(DayCell other)
    {
        ArgumentNullException.ThrowIfNull(other);
        for (var i = 0; i < Counts.Length; i++) Counts[i] += other.Counts[i];
        First = Math.Min(First, other.First);
        Last = Math.Max(Last, other.Last);
        Bytes += other.Bytes;
    }
}

/// <summary>A feed's journal summarised per (instrument, UTC day).</summary>
/// <param name="Feed">The feed.</param>
/// <param name="Cells">The figures, keyed by instrument id and day number since the epoch.</param>
/// <param name="Complete">False when the scan budget ran out before the whole journal was summarised.</param>
public sealed record FeedInventory(string Feed, IReadOnlyDictionary<(uint Instrument, int Day), DayCell> Cells, bool Complete)
{
    /// <summary>Nanoseconds in a day.</summary>
    public const long DayNanos = 86_400_000_000_000;

    /// <summary>The UTC day number of a time.</summary>
    /// <param name="nanos">UTC nanoseconds.</param>
    /// <returns>Days since the epoch.</returns>
    public static int DayOf(long nanos) => (int)Math.Floor(nanos / (double)DayNanos);

    /// <summary>The day's date as <c>yyyy-MM-dd</c>.</summary>
    /// <param name="day">Days since the epoch.</param>
    /// <returns>The date.</returns>
    public static string DateOf(int day) => DateOnly.FromDayNumber(DateOnly.FromDateTime(DateTime.UnixEpoch).DayNumber + day).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>One instrument's figures over all days.</summary>
    /// <param name="instrument">The instrument.</param>
    /// <returns>The merged cell, or null when it has no events.</returns>
    public DayCell? Total(uint instrument)
    {
        DayCell? total = null;
        foreach (var (key, cell) in Cells)
        {
            if (key.Instrument != instrument) continue;
            total ??= new DayCell();
            total.Merge(cell);
        }
        return total;
    }
}
