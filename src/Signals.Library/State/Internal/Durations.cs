using System.Globalization;

namespace Signals.Library.State.Internal;

/// <summary>Short, stable renderings of spans for <see cref="StateSpec.Describe"/>: <c>1m</c>, <c>30s</c>, <c>250ms</c>.</summary>
internal static class Durations
{
    public static string Format(TimeSpan span)
    {
        var ticks = span.Ticks;
        return ticks switch
        {
            _ when ticks % TimeSpan.TicksPerDay == 0 => Text(ticks / TimeSpan.TicksPerDay, "d"),
            _ when ticks % TimeSpan.TicksPerHour == 0 => Text(ticks / TimeSpan.TicksPerHour, "h"),
            _ when ticks % TimeSpan.TicksPerMinute == 0 => Text(ticks / TimeSpan.TicksPerMinute, "m"),
            _ when ticks % TimeSpan.TicksPerSecond == 0 => Text(ticks / TimeSpan.TicksPerSecond, "s"),
            _ when ticks % TimeSpan.TicksPerMillisecond == 0 => Text(ticks / TimeSpan.TicksPerMillisecond, "ms"),
            _ when ticks % TimeSpan.TicksPerMicrosecond == 0 => Text(ticks / TimeSpan.TicksPerMicrosecond, "us"),
            _ => Text(ticks * 100, "ns"),
        };
    }

    /// <summary>The span in nanoseconds, the unit of the event clock.</summary>
    public static long Nanos(TimeSpan span) => checked(span.Ticks * 100);

    /// <summary>Throws unless <paramref name="span"/> is positive; specs validate at declaration, in Configure.</summary>
    public static TimeSpan RequirePositive(TimeSpan span, string name)
    {
        if (span <= TimeSpan.Zero) throw new ArgumentOutOfRangeException(name, span, "a time span here must be positive");
        return span;
    }

    private static string Text(long value, string unit) => value.ToString(CultureInfo.InvariantCulture) + unit;
}
