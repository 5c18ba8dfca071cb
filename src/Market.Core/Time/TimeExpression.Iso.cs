namespace Market.Core.Time;

public static partial class TimeExpression
{
    private const string OutOfRange = "it is outside the nanosecond timestamp range (years 1677 to 2262)";

    private static readonly int EpochDay = new DateOnly(1970, 1, 1).DayNumber;

    /// <summary>
    /// ISO-8601 by hand, because <see cref="DateTimeOffset"/> keeps only 100 ns ticks:
    /// <c>YYYY-MM-DD[(T|t| )hh:mm[:ss[.f{1,9}]][Z|z|±hh[:mm]|±hhmm]]</c>; no zone means UTC.
    /// </summary>
    private static bool TryParseIso(ReadOnlySpan<char> s, out long nanos, out string reason)
    {
        nanos = 0;
        var i = 0;
        if (!TryFixed(s, ref i, 4, out var year) || !TryExpect(s, ref i, '-') || !TryFixed(s, ref i, 2, out var month)
            || !TryExpect(s, ref i, '-') || !TryFixed(s, ref i, 2, out var day))
        {
            reason = "expected a date as YYYY-MM-DD";
            return false;
        }
        if (!TryValidateDate(year, month, day, out reason)) return false;
        long clock = 0;
        var offsetMinutes = 0;
        if (i < s.Length && !TryParseTimeOfDay(s, ref i, out clock, out offsetMinutes, out reason)) return false;
        var total = (Int128)(new DateOnly(year, month, day).DayNumber - EpochDay) * Day + clock - (Int128)offsetMinutes * Minute;
        if (total < long.MinValue || total > long.MaxValue)
        {
            reason = OutOfRange;
            return false;
        }
        nanos = (long)total;
        reason = string.Empty;
        return true;
    }

    private static bool TryValidateDate(int year, int month, int day, out string reason)
    {
        reason = string.Empty;
        if (year < 1) reason = OutOfRange;
        else if (month is < 1 or > 12) reason = $"month {month} is not 01..12";
        else if (day < 1 || day > DateTime.DaysInMonth(year, month)) reason = $"day {day} is not in {year:D4}-{month:D2}";
        return reason.Length == 0;
    }

    /// <summary>Reads the time of day and zone after the date; <paramref name="clock"/> is nanoseconds since midnight.</summary>
    private static bool TryParseTimeOfDay(ReadOnlySpan<char> s, ref int i, out long clock, out int offsetMinutes, out string reason)
    {
        clock = 0;
        offsetMinutes = 0;
        if (s[i] is not ('T' or 't' or ' '))
        {
            reason = $"unexpected '{s[i..]}' after the date";
            return false;
        }
        i++;
        if (!TryFixed(s, ref i, 2, out var hour) || !TryExpect(s, ref i, ':') || !TryFixed(s, ref i, 2, out var minute))
        {
            reason = "expected a time as hh:mm[:ss[.fffffffff]] after the date";
            return false;
        }
        var second = 0;
        long fraction = 0;
        if (i < s.Length && s[i] == ':' && !TryParseSeconds(s, ref i, out second, out fraction, out reason)) return false;
        if (hour > 23) reason = $"hour {hour} is not 00..23";
        else if (minute > 59) reason = $"minute {minute} is not 00..59";
        else if (second > 59) reason = $"second {second} is not 00..59 (leap seconds cannot be represented)";
        else if (!TryParseZone(s, ref i, out offsetMinutes, out reason)) return false;
        if (reason.Length != 0) return false;
        clock = ((hour * 60L + minute) * 60 + second) * Second + fraction;
        return true;
    }

    private static bool TryParseSeconds(ReadOnlySpan<char> s, ref int i, out int second, out long fraction, out string reason)
    {
        i++; // the ':'
        fraction = 0;
        if (!TryFixed(s, ref i, 2, out second))
        {
            reason = "expected two digits of seconds after hh:mm:";
            return false;
        }
        reason = string.Empty;
        if (i == s.Length || s[i] != '.') return true;
        i++;
        var digits = ReadDigits(s, ref i);
        if (digits.IsEmpty || digits.Length > 9)
        {
            reason = digits.IsEmpty ? "digits must follow the '.' of the seconds" : "more than 9 fractional digits (finer than 1 ns)";
            return false;
        }
        foreach (var c in digits) fraction = fraction * 10 + (c - '0');
        for (var pad = digits.Length; pad < 9; pad++) fraction *= 10;
        return true;
    }

    /// <summary>Reads <c>Z</c>, <c>±hh:mm</c>, <c>±hhmm</c> or <c>±hh</c> (or nothing: UTC) up to the end of the text.</summary>
    private static bool TryParseZone(ReadOnlySpan<char> s, ref int i, out int offsetMinutes, out string reason)
    {
        offsetMinutes = 0;
        reason = string.Empty;
        if (i == s.Length) return true;
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
                reason = "expected a UTC offset as +hh:mm, +hhmm or +hh";
                return false;
            }
            if (hours > 23 || minutes > 59)
            {
                reason = $"UTC offset {(sign < 0 ? '-' : '+')}{hours:D2}:{minutes:D2} is not valid";
                return false;
            }
            offsetMinutes = sign * (hours * 60 + minutes);
        }
        if (i < s.Length)
        {
            reason = $"unexpected '{s[i..]}' after the time";
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
