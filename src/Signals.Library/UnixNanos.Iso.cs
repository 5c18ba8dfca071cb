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

    /// <summary>
    /// Parses an ISO-8601 timestamp exactly: <c>2026-11-21</c> (midnight UTC),
    /// <c>2026-11-21T04:38Z</c>, <c>2026-11-21T04:38:05Z</c>, with 1 to 9 fractional digits after
    /// the seconds, and with <c>Z</c> or an offset <c>±HH:mm</c> / <c>±HHmm</c>, converted to UTC.
    /// A time with no zone is rejected: it would be a guess.
    /// </summary>
    /// <param name="s">The timestamp, with nothing around it.</param>
    /// <param name="nanos">Nanoseconds since the epoch, UTC, or 0 on failure.</param>
    /// <returns>Whether <paramref name="s"/> is a valid timestamp within the range of the type.</returns>
    public static bool TryParseIso(ReadOnlySpan<char> s, out long nanos)
    {
        nanos = 0;
        if (s.Length < 10 || s[4] != '-' || s[7] != '-'
            || !Digits.TryRead(s[..4], out var year) || !Digits.TryRead(s[5..7], out var month) || !Digits.TryRead(s[8..10], out var day)
            || year < 1 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month))
        {
            return false;
        }

        long timeOfDay = 0;
        if (s.Length > 10 && !TryParseTimeAndZone(s[10..], out timeOfDay))
        {
            return false;
        }

        var total = ((Int128)(new DateOnly(year, month, day).DayNumber - EpochDayNumber) * NanosPerDay) + timeOfDay;
        if (total < long.MinValue || total > long.MaxValue)
        {
            return false;
        }

        nanos = (long)total;
        return true;
    }

    // "THH:mm[:ss[.fffffffff]](Z|±HH:mm|±HHmm)" to nanoseconds after midnight UTC of the date,
    // which an offset can make negative or more than a day.
    private static bool TryParseTimeAndZone(ReadOnlySpan<char> s, out long nanos)
    {
        nanos = 0;
        if (s.Length < 7 || s[0] is not ('T' or 't') || s[3] != ':'
            || !Digits.TryRead(s[1..3], out var hour) || !Digits.TryRead(s[4..6], out var minute) || hour > 23 || minute > 59)
        {
            return false;
        }

        // A fraction belongs to the seconds: in ISO-8601 "04:38.5" would mean half a minute.
        var i = 6;
        var second = 0;
        long fraction = 0;
        if (s[i] == ':')
        {
            if (s.Length < 9 || !Digits.TryRead(s[7..9], out second) || second > 59)
            {
                return false;
            }

            i = 9;
            if (i < s.Length && s[i] == '.')
            {
                var digits = s[(i + 1)..].IndexOfAnyExceptInRange('0', '9');
                if (digits is < 1 or > 9 || !Digits.TryRead(s.Slice(i + 1, digits), out var value))
                {
                    return false;
                }

                fraction = value;
                for (var pad = digits; pad < 9; pad++)
                {
                    fraction *= 10;
                }

                i += 1 + digits;
            }
        }

        if (!TryParseZone(s[i..], out var offsetMinutes))
        {
            return false;
        }

        nanos = ((((hour * 60L) + minute - offsetMinutes) * 60 + second) * NanosPerSecond) + fraction;
        return true;
    }

    private static bool TryParseZone(ReadOnlySpan<char> s, out int offsetMinutes)
    {
        offsetMinutes = 0;
        if (s is "Z" or "z")
        {
            return true;
        }

        var minutes = s.Length switch
        {
            6 when s[3] == ':' => s[4..6],
            5 => s[3..5],
            _ => [],
        };
        if (minutes.IsEmpty || s[0] is not ('+' or '-')
            || !Digits.TryRead(s[1..3], out var hours) || !Digits.TryRead(minutes, out var mins) || hours > 23 || mins > 59)
        {
            return false;
        }

        offsetMinutes = (s[0] == '-' ? -1 : 1) * ((hours * 60) + mins);
        return true;
    }
}
