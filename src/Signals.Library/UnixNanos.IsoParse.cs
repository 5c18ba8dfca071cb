namespace Signals.Library;

// The one ISO-8601 parser of the project: venue timestamps and what people type (CLI, MCP tools)
// both come through here, with a reason when the text is not a time.
public static partial class UnixNanos
{
    private const string OutOfRange = "it is outside the nanosecond timestamp range (years 1677 to 2262)";

    /// <summary>
    /// Parses an ISO-8601 timestamp exactly: <c>2026-11-21</c> (midnight UTC),
    /// <c>2026-11-21T04:38Z</c>, <c>2026-11-21T04:38:05Z</c>, with 1 to 9 fractional digits after
    /// the seconds, and with <c>Z</c> or an offset <c>±HH:mm</c>, <c>±HHmm</c> or <c>±HH</c>, converted
    /// to UTC. A time with no zone is rejected: it would be a guess.
    /// </summary>
    /// <param name="s">The timestamp, with nothing around it.</param>
    /// <param name="nanos">Nanoseconds since the epoch, UTC, or 0 on failure.</param>
    /// <returns>Whether <paramref name="s"/> is a valid timestamp within the range of the type.</returns>
    public static bool TryParseIso(ReadOnlySpan<char> s, out long nanos) => TryParseIso(s, out nanos, out _);

    /// <summary>
    /// Parses an ISO-8601 timestamp as <see cref="TryParseIso(ReadOnlySpan{char}, out long)"/> does,
    /// saying why when it fails. The separator between date and time may also be a space.
    /// </summary>
    /// <param name="s">The timestamp, with nothing around it.</param>
    /// <param name="nanos">Nanoseconds since the epoch, UTC, or 0 on failure.</param>
    /// <param name="error">Why the text is not a timestamp (e.g. "hour 24 is not 00..23"); empty on success.</param>
    /// <param name="assumeUtcWithoutZone">Read a time with no zone as UTC (for text people type) instead of rejecting it.</param>
    /// <returns>Whether <paramref name="s"/> is a valid timestamp within the range of the type.</returns>
    public static bool TryParseIso(ReadOnlySpan<char> s, out long nanos, out string error, bool assumeUtcWithoutZone = false)
    {
        nanos = 0;
        var i = 0;
        if (!TryFixed(s, ref i, 4, out var year) || !TryExpect(s, ref i, '-') || !TryFixed(s, ref i, 2, out var month)
            || !TryExpect(s, ref i, '-') || !TryFixed(s, ref i, 2, out var day))
        {
            error = "expected a date as YYYY-MM-DD";
            return false;
        }
        if (!TryValidateDate(year, month, day, out error)) return false;
        long clock = 0;
        if (i < s.Length && !TryParseTimeOfDay(s, ref i, assumeUtcWithoutZone, out clock, out error)) return false;
        var total = (Int128)(new DateOnly(year, month, day).DayNumber - EpochDayNumber) * NanosPerDay + clock;
        if (total < long.MinValue || total > long.MaxValue)
        {
            error = OutOfRange;
            return false;
        }
        nanos = (long)total;
        error = string.Empty;
        return true;
    }

    private static bool TryValidateDate(int year, int month, int day, out string error)
    {
        error = string.Empty;
        if (year < 1) error = OutOfRange;
        else if (month is < 1 or > 12) error = $"month {month} is not 01..12";
        else if (day < 1 || day > DateTime.DaysInMonth(year, month)) error = $"day {day} is not in {year:D4}-{month:D2}";
        return error.Length == 0;
    }

    /// <summary>Reads the time of day and zone after the date: nanoseconds after midnight UTC of the date (an offset can take it outside the day).</summary>
    private static bool TryParseTimeOfDay(ReadOnlySpan<char> s, ref int i, bool assumeUtc, out long clock, out string error)
    {
        clock = 0;
        if (s[i] is not ('T' or 't' or ' '))
        {
            error = $"unexpected '{s[i..]}' after the date";
            return false;
        }
        i++;
        if (!TryFixed(s, ref i, 2, out var hour) || !TryExpect(s, ref i, ':') || !TryFixed(s, ref i, 2, out var minute))
        {
            error = "expected a time as hh:mm[:ss[.fffffffff]] after the date";
            return false;
        }
        var second = 0;
        long fraction = 0;
        var offsetMinutes = 0;
        if (i < s.Length && s[i] == ':' && !TryParseSeconds(s, ref i, out second, out fraction, out error)) return false;
        if (hour > 23) error = $"hour {hour} is not 00..23";
        else if (minute > 59) error = $"minute {minute} is not 00..59";
        else if (second > 59) error = $"second {second} is not 00..59 (leap seconds cannot be represented)";
        else if (!TryParseZone(s, ref i, assumeUtc, out offsetMinutes, out error)) return false;
        if (error.Length != 0) return false;
        clock = ((hour * 60L + minute - offsetMinutes) * 60 + second) * NanosPerSecond + fraction;
        return true;
    }

    private static bool TryParseSeconds(ReadOnlySpan<char> s, ref int i, out int second, out long fraction, out string error)
    {
        i++; // the ':'
        fraction = 0;
        if (!TryFixed(s, ref i, 2, out second))
        {
            error = "expected two digits of seconds after hh:mm:";
            return false;
        }
        error = string.Empty;
        if (i == s.Length || s[i] != '.') return true;
        i++;
        var start = i;
        while (i < s.Length && char.IsAsciiDigit(s[i])) i++;
        var digits = s[start..i];
        if (digits.IsEmpty || digits.Length > 9)
        {
            error = digits.IsEmpty ? "digits must follow the '.' of the seconds" : "more than 9 fractional digits (finer than 1 ns)";
            return false;
        }
        foreach (var c in digits) fraction = fraction * 10 + (c - '0');
        for (var pad = digits.Length; pad < 9; pad++) fraction *= 10;
        return true;
    }

    /// <summary>Reads <c>Z</c>, <c>±hh:mm</c>, <c>±hhmm</c> or <c>±hh</c> up to the end of the text; nothing there is UTC only if allowed.</summary>
    private static bool TryParseZone(ReadOnlySpan<char> s, ref int i, bool assumeUtc, out int offsetMinutes, out string error)
    {
        offsetMinutes = 0;
        error = string.Empty;
        if (i == s.Length)
        {
            if (!assumeUtc) error = "a time needs a zone: Z or an offset such as +01:00";
            return error.Length == 0;
        }
        if (s[i] is 'Z' or 'z')
        {
            i++;
        }
        else if (s[i] is '+' or '-')
        {
            var sign = s[i] == '-' ? -1 : 1;
            i++;
            var minutes = 0;
            var read = TryFixed(s, ref i, 2, out var hours);
            if (read && i < s.Length) read = (s[i] != ':' || TryExpect(s, ref i, ':')) && TryFixed(s, ref i, 2, out minutes);
            if (!read)
            {
                error = "expected a UTC offset as +hh:mm, +hhmm or +hh";
                return false;
            }
            if (hours > 23 || minutes > 59)
            {
                error = $"UTC offset {(sign < 0 ? '-' : '+')}{hours:D2}:{minutes:D2} is not valid";
                return false;
            }
            offsetMinutes = sign * (hours * 60 + minutes);
        }
        if (i < s.Length)
        {
            error = $"unexpected '{s[i..]}' after the time";
            return false;
        }
        return true;
    }

    private static bool TryFixed(ReadOnlySpan<char> s, ref int i, int width, out int value)
    {
        value = 0;
        if (s.Length - i < width) return false;
        foreach (var c in s.Slice(i, width))
        {
            if (!char.IsAsciiDigit(c)) return false;
            value = value * 10 + (c - '0');
        }
        i += width;
        return true;
    }

    private static bool TryExpect(ReadOnlySpan<char> s, ref int i, char expected)
    {
        if (i == s.Length || s[i] != expected) return false;
        i++;
        return true;
    }
}
