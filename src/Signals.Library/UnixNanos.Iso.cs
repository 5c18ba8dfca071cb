using Signals.Library.Internal;

namespace Signals.Library;

// ISO-8601 text, done by hand so the nine fractional digits never pass through DateTime's
// 100 ns ticks; DateOnly supplies only the calendar.
public static partial class UnixNanos
{
    // "2026-11-21T04:38:05.123456789Z"
    private const int IsoLength = 30;

    /// <summary>Formats as ISO-8601 UTC with exactly nine fractional digits: <c>2026-11-21T04:38:05.123456789Z</c>.</summary>
    /// <param name="nanos">Nanoseconds since the epoch, UTC.</param>
    /// <returns>The 30-character timestamp.</returns>
    public static string Format(long nanos)
    {
        Span<char> buffer = stackalloc char[IsoLength];
        TryFormat(nanos, buffer, out _);
        return new string(buffer);
    }

    /// <summary>Formats as <see cref="Format(long)"/> does, into a caller's buffer.</summary>
    /// <param name="nanos">Nanoseconds since the epoch, UTC.</param>
    /// <param name="destination">Where to write; needs 30 characters.</param>
    /// <param name="written">Characters written: 30, or 0 if the buffer was too small.</param>
    /// <returns>Whether the text fit.</returns>
    public static bool TryFormat(long nanos, Span<char> destination, out int written)
    {
        written = 0;
        if (destination.Length < IsoLength)
        {
            return false;
        }

        var days = FloorDivRem(nanos, NanosPerDay, out var nanoOfDay);
        var (year, month, day) = DateOnly.FromDayNumber(EpochDayNumber + (int)days);
        var secondOfDay = nanoOfDay / NanosPerSecond;
        "0000-00-00T00:00:00.000000000Z".CopyTo(destination);
        Digits.Write(destination[..4], (ulong)year);
        Digits.Write(destination[5..7], (ulong)month);
        Digits.Write(destination[8..10], (ulong)day);
        Digits.Write(destination[11..13], (ulong)(secondOfDay / 3600));
        Digits.Write(destination[14..16], (ulong)(secondOfDay / 60 % 60));
        Digits.Write(destination[17..19], (ulong)(secondOfDay % 60));
        Digits.Write(destination[20..29], (ulong)(nanoOfDay % NanosPerSecond));
        written = IsoLength;
        return true;
    }
}
