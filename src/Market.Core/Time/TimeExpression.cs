using System.Globalization;
using Signals.Library;

namespace Market.Core.Time;

/// <summary>
/// Parses the times and durations users type (CLI <c>--from/--to/--start/--end/--last</c>, MCP
/// tool arguments) into UTC nanoseconds since the Unix epoch, exactly: no value passes through a
/// <see cref="double"/>, so <c>1.5s</c> is 1,500,000,000 ns and <c>.123456789Z</c> keeps every digit.
/// </summary>
public static partial class TimeExpression
{
    private const string InstantForms =
        "use ISO-8601 UTC (2026-11-21T04:38:05Z, 2026-11-21T05:38:05+01:00, 2026-11-21), now, now-1h, now+30s, a duration ago (15m), or integer nanoseconds since the Unix epoch";

    private const string DurationForms =
        "use a number and a unit (ns, us, ms, s, m, h, d, w), compounds and decimals allowed, e.g. 50ms, 1.5s, 1h30m";

    /// <summary>
    /// Parses an instant. Accepted forms:
    /// ISO-8601 (<c>2026-11-21T04:38:05Z</c>, 1 to 9 fractional digits, <c>+01:00</c>/<c>+0100</c>/<c>+01</c>
    /// offsets converted to UTC, no zone meaning UTC, <c>2026-11-21</c> meaning midnight UTC);
    /// <c>now</c>, <c>now-1h</c>, <c>now+30s</c>, <c>now-1h30m</c>; a bare duration meaning that long
    /// before now (<c>15m</c>); and a bare non-negative integer as nanoseconds since the Unix epoch.
    /// Surrounding whitespace is ignored.
    /// </summary>
    /// <param name="text">What the user typed.</param>
    /// <param name="nowNanos">The current time in UTC nanoseconds, for the relative forms.</param>
    /// <param name="nanos">The instant in UTC nanoseconds since the Unix epoch; 0 on failure.</param>
    /// <param name="error">On failure, one line naming the input, what was wrong and the accepted forms; empty on success.</param>
    /// <returns>True if <paramref name="text"/> is a valid instant within the range of <see cref="long"/> nanoseconds.</returns>
    public static bool TryParseInstant(string? text, long nowNanos, out long nanos, out string error)
    {
        if (TryParseInstantCore(text.AsSpan().Trim(), nowNanos, out nanos, out var reason))
        {
            error = string.Empty;
            return true;
        }
        nanos = 0;
        error = $"'{text}' is not a time: {reason}; {InstantForms}";
        return false;
    }

    /// <summary>
    /// Parses a non-negative duration: one or more <c>number unit</c> pairs with units
    /// <c>ns</c>, <c>us</c> (or <c>µs</c>), <c>ms</c>, <c>s</c>, <c>m</c>, <c>h</c>, <c>d</c>, <c>w</c>,
    /// e.g. <c>50ms</c>, <c>1h30m</c>, <c>1.5s</c>, <c>0.25ms</c>; a bare <c>0</c> is zero. Decimals are
    /// exact and must come to a whole number of nanoseconds. Surrounding whitespace is ignored.
    /// </summary>
    /// <param name="text">What the user typed.</param>
    /// <param name="nanos">The duration in nanoseconds; 0 on failure.</param>
    /// <param name="error">On failure, one line naming the input, what was wrong and the accepted forms; empty on success.</param>
    /// <returns>True if <paramref name="text"/> is a valid duration no longer than <see cref="long.MaxValue"/> nanoseconds.</returns>
    public static bool TryParseDuration(string? text, out long nanos, out string error)
    {
        if (TryParseDurationCore(text.AsSpan().Trim(), out nanos, out var reason))
        {
            error = string.Empty;
            return true;
        }
        nanos = 0;
        error = $"'{text}' is not a duration: {reason}; {DurationForms}";
        return false;
    }

    private static bool TryParseInstantCore(ReadOnlySpan<char> s, long now, out long nanos, out string reason)
    {
        nanos = 0;
        if (s.IsEmpty)
        {
            reason = "it is empty";
            return false;
        }
        if (s.StartsWith("now", StringComparison.Ordinal)) return TryParseRelativeToNow(s[3..], now, out nanos, out reason);
        if (s[0] is '-' or '+')
        {
            reason = "a sign is only allowed after now (now-1h, now+30s)";
            return false;
        }
        // The forms are told apart by shape: all digits is raw nanoseconds (so "5" is 5 ns, never
        // a duration missing its unit), four digits and a dash is a date, anything else a duration.
        if (!s.ContainsAnyExceptInRange('0', '9'))
        {
            if (long.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out nanos))
            {
                reason = string.Empty;
                return true;
            }
            reason = "the number is larger than the largest nanosecond timestamp";
            return false;
        }
        if (s.Length >= 5 && !s[..4].ContainsAnyExceptInRange('0', '9') && s[4] == '-') return UnixNanos.TryParseIso(s, out nanos, out reason, assumeUtcWithoutZone: true);
        if (!TryParseDurationCore(s, out var ago, out reason)) return false;
        return TryOffset(now, -1, ago, out nanos, out reason);
    }

    private static bool TryParseRelativeToNow(ReadOnlySpan<char> rest, long now, out long nanos, out string reason)
    {
        nanos = 0;
        if (rest.IsEmpty)
        {
            nanos = now;
            reason = string.Empty;
            return true;
        }
        if (rest[0] is not ('-' or '+'))
        {
            reason = "now must be followed by + or - and a duration (now-1h)";
            return false;
        }
        if (rest.Length == 1)
        {
            reason = $"a duration must follow 'now{rest[0]}'";
            return false;
        }
        if (!TryParseDurationCore(rest[1..], out var offset, out reason)) return false;
        return TryOffset(now, rest[0] == '-' ? -1 : 1, offset, out nanos, out reason);
    }

    private static bool TryOffset(long now, int sign, long offset, out long nanos, out string reason)
    {
        var result = (Int128)now + sign * (Int128)offset;
        if (result < long.MinValue || result > long.MaxValue)
        {
            nanos = 0;
            reason = "the result is outside the nanosecond timestamp range (years 1677 to 2262)";
            return false;
        }
        nanos = (long)result;
        reason = string.Empty;
        return true;
    }
}
