namespace Signals.Library;

/// <summary>
/// Timestamps as <see cref="long"/> nanoseconds since 1970-01-01T00:00:00Z, UTC. A long spans
/// 1677-09-21T00:12:43.145224192Z to 2262-04-11T23:47:16.854775807Z; conversions from wider types
/// throw <see cref="OverflowException"/> outside that range.
/// </summary>
public static partial class UnixNanos
{
    private const long NanosPerTick = 100;
    private const long NanosPerSecond = 1_000_000_000;
    private const long NanosPerDay = 86_400 * NanosPerSecond;

    // DateOnly.DayNumber counts days from 0001-01-01; this is the count at the Unix epoch.
    private static readonly int EpochDayNumber = DateOnly.FromDateTime(DateTime.UnixEpoch).DayNumber;

    /// <summary>Converts a <see cref="DateTimeOffset"/> to nanoseconds since the epoch.</summary>
    /// <param name="value">Any offset; only the instant matters.</param>
    /// <returns>Nanoseconds since the epoch, UTC.</returns>
    /// <exception cref="OverflowException"><paramref name="value"/> is outside the range of the type.</exception>
    public static long FromDateTimeOffset(DateTimeOffset value)
        => checked((value.UtcTicks - DateTime.UnixEpoch.Ticks) * NanosPerTick);

    /// <summary>
    /// Converts to a <see cref="DateTimeOffset"/> at offset zero. Ticks are 100 ns, so the last two
    /// digits of the nanoseconds are dropped, rounding toward the past.
    /// </summary>
    /// <param name="nanos">Nanoseconds since the epoch, UTC.</param>
    /// <returns>The instant, truncated to a tick.</returns>
    public static DateTimeOffset ToDateTimeOffset(long nanos)
        => new(DateTime.UnixEpoch.Ticks + FloorDivRem(nanos, NanosPerTick, out _), TimeSpan.Zero);

    /// <summary>Converts Unix milliseconds, as most venue JSON carries them.</summary>
    /// <param name="milliseconds">Milliseconds since the epoch.</param>
    /// <returns>Nanoseconds since the epoch.</returns>
    /// <exception cref="OverflowException">The result is outside the range of the type.</exception>
    public static long FromUnixMilliseconds(long milliseconds) => checked(milliseconds * 1_000_000);

    /// <summary>Converts Unix microseconds.</summary>
    /// <param name="microseconds">Microseconds since the epoch.</param>
    /// <returns>Nanoseconds since the epoch.</returns>
    /// <exception cref="OverflowException">The result is outside the range of the type.</exception>
    public static long FromUnixMicroseconds(long microseconds) => checked(microseconds * 1_000);

    /// <summary>
    /// Parses decimal Unix seconds such as <c>1700000000.123456789</c> exactly, with the grammar of
    /// <see cref="FixedPoint.TryParse(ReadOnlySpan{char}, out long)"/>: at most 9 non-zero decimals,
    /// an optional sign and an optional exponent. Seconds at scale 1e-9 are nanoseconds, so this is
    /// <see cref="FixedPoint"/> parsing under another name.
    /// </summary>
    /// <param name="s">The seconds, with nothing around the number.</param>
    /// <param name="nanos">Nanoseconds since the epoch, or 0 on failure.</param>
    /// <returns>Whether <paramref name="s"/> is a representable instant.</returns>
    public static bool TryParseUnixSecondsDecimal(ReadOnlySpan<char> s, out long nanos)
        => FixedPoint.TryParse(s, out nanos);

    // Division that rounds toward the past, so instants before 1970 land in the right day and tick.
    private static long FloorDivRem(long value, long divisor, out long remainder)
    {
        var quotient = Math.DivRem(value, divisor, out remainder);
        if (remainder < 0)
        {
            remainder += divisor;
            quotient--;
        }

        return quotient;
    }
}
