using System.Globalization;
using System.Text;

namespace Market.Core.Time;

public static partial class TimeExpression
{
    private const long Microsecond = 1_000;
    private const long Millisecond = 1_000_000;
    private const long Second = 1_000_000_000;
    private const long Minute = 60 * Second;
    private const long Hour = 60 * Minute;
    private const long Day = 24 * Hour;
    private const long Week = 7 * Day;

    // A fraction with more significant digits than this cannot be a whole number of nanoseconds
    // of any unit up to a week (a week holds 10^16 at most as a factor), so longer ones are refused
    // before they can overflow.
    private const int MaxFractionDigits = 18;

    /// <summary>
    /// Formats a duration compactly so that <see cref="TryParseDuration"/> reads back the same value:
    /// <c>0s</c>, <c>250ns</c>, <c>1.5us</c>, <c>50ms</c>, <c>1.5s</c>, <c>1h30m</c>, <c>2d3h</c>, <c>1h500ms</c>.
    /// A negative value is formatted with a leading <c>-</c> (for display; the parser accepts no sign).
    /// </summary>
    /// <param name="nanos">The duration in nanoseconds.</param>
    /// <returns>The compact form.</returns>
    public static string FormatDuration(long nanos)
    {
        if (nanos == 0) return "0s";
        var text = new StringBuilder(24);
        if (nanos < 0) text.Append('-');
        // Via ulong so that long.MinValue has a magnitude.
        var rest = nanos < 0 ? (ulong)-(nanos + 1) + 1 : (ulong)nanos;
        AppendWhole(text, ref rest, Day, 'd');
        AppendWhole(text, ref rest, Hour, 'h');
        AppendWhole(text, ref rest, Minute, 'm');
        if (rest >= Second) AppendDecimal(text, rest, Second, 9, "s");
        else if (rest >= Millisecond) AppendDecimal(text, rest, Millisecond, 6, "ms");
        else if (rest >= Microsecond) AppendDecimal(text, rest, Microsecond, 3, "us");
        else if (rest > 0) AppendDecimal(text, rest, 1, 0, "ns");
        return text.ToString();
    }

    private static void AppendWhole(StringBuilder text, ref ulong rest, long unit, char suffix)
    {
        var count = rest / (ulong)unit;
        if (count == 0) return;
        text.Append(count.ToString(CultureInfo.InvariantCulture)).Append(suffix);
        rest -= count * (ulong)unit;
    }

    /// <summary>Appends value/unit as a decimal; <paramref name="unit"/> is 10^<paramref name="digits"/>.</summary>
    private static void AppendDecimal(StringBuilder text, ulong value, long unit, int digits, string suffix)
    {
        text.Append((value / (ulong)unit).ToString(CultureInfo.InvariantCulture));
        var fraction = value % (ulong)unit;
        if (fraction != 0)
        {
            text.Append('.').Append(fraction.ToString(CultureInfo.InvariantCulture).PadLeft(digits, '0').TrimEnd('0'));
        }
        text.Append(suffix);
    }

    private static bool TryParseDurationCore(ReadOnlySpan<char> s, out long nanos, out string reason)
    {
        nanos = 0;
        if (s.IsEmpty)
        {
            reason = "it is empty";
            return false;
        }
        if (s[0] == '-')
        {
            reason = "durations cannot be negative";
            return false;
        }
        if (s is "0")
        {
            reason = string.Empty;
            return true;
        }
        Int128 total = 0;
        var i = 0;
        while (i < s.Length)
        {
            if (!TryReadSegment(s, ref i, out var segment, out reason)) return false;
            total += segment;
            if (total > long.MaxValue)
            {
                reason = "it is longer than the largest duration (about 292 years)";
                return false;
            }
        }
        nanos = (long)total;
        reason = string.Empty;
        return true;
    }

    /// <summary>Reads one <c>number unit</c> pair at <paramref name="i"/> and returns its length in nanoseconds.</summary>
    private static bool TryReadSegment(ReadOnlySpan<char> s, ref int i, out Int128 nanos, out string reason)
    {
        nanos = 0;
        var start = i;
        var whole = ReadDigits(s, ref i);
        var fraction = ReadOnlySpan<char>.Empty;
        if (i < s.Length && s[i] == '.')
        {
            i++;
            fraction = ReadDigits(s, ref i);
            if (fraction.IsEmpty)
            {
                reason = $"digits must follow the '.' in '{s[start..i]}'";
                return false;
            }
        }
        if (whole.IsEmpty && fraction.IsEmpty)
        {
            reason = $"expected a number at '{s[i..]}'";
            return false;
        }
        var number = s[start..i];
        var unitStart = i;
        while (i < s.Length && (char.IsAsciiLetter(s[i]) || s[i] is 'µ' or 'μ')) i++;
        var unitText = s[unitStart..i];
        if (unitText.IsEmpty)
        {
            reason = i < s.Length ? $"unexpected '{s[i]}' after '{number}'" : $"'{number}' has no unit";
            return false;
        }
        var unit = UnitNanos(unitText);
        if (unit == 0)
        {
            reason = $"unknown unit '{unitText}'";
            return false;
        }
        Int128 value = 0;
        foreach (var c in whole)
        {
            value = value * 10 + (c - '0');
            if (value > long.MaxValue)
            {
                reason = $"'{number}' is too large";
                return false;
            }
        }
        nanos = value * unit;
        fraction = fraction.TrimEnd('0');
        if (fraction.IsEmpty)
        {
            reason = string.Empty;
            return true;
        }
        Int128 scale = 1;
        Int128 digits = 0;
        if (fraction.Length <= MaxFractionDigits)
        {
            foreach (var c in fraction)
            {
                digits = digits * 10 + (c - '0');
                scale *= 10;
            }
        }
        var part = digits * unit;
        if (fraction.Length > MaxFractionDigits || part % scale != 0)
        {
            reason = $"'{number}{unitText}' is not a whole number of nanoseconds";
            return false;
        }
        nanos += part / scale;
        reason = string.Empty;
        return true;
    }

    private static ReadOnlySpan<char> ReadDigits(ReadOnlySpan<char> s, scoped ref int i)
    {
        var start = i;
        while (i < s.Length && char.IsAsciiDigit(s[i])) i++;
        return s[start..i];
    }

    private static long UnitNanos(ReadOnlySpan<char> unit) => unit switch
    {
        "ns" => 1,
        "us" or "µs" or "μs" => Microsecond,
        "ms" => Millisecond,
        "s" => Second,
        "m" => Minute,
        "h" => Hour,
        "d" => Day,
        "w" => Week,
        _ => 0,
    };
}
