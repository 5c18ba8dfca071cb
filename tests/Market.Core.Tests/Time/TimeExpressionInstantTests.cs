using Market.Core.Time;

namespace Market.Core.Tests.Time;

public sealed class TimeExpressionInstantTests
{
    /// <summary>2026-11-21T04:38:05Z.</summary>
    private const long Now = 1_795_235_885_000_000_000;

    [Theory]
    [InlineData("2026-11-21T04:38:05Z", Now)]
    [InlineData("2026-11-21T04:38:05.1Z", Now + 100_000_000)]
    [InlineData("2026-11-21T04:38:05.123456789Z", Now + 123_456_789)]
    [InlineData("2026-11-21T04:38:05.000000001Z", Now + 1)]
    [InlineData("2026-11-21T04:38:05.999999999Z", Now + 999_999_999)]
    [InlineData("2026-11-21T05:38:05+01:00", Now)]
    [InlineData("2026-11-21T05:38:05+0100", Now)]
    [InlineData("2026-11-21T05:38:05+01", Now)]
    [InlineData("2026-11-21T00:08:05-04:30", Now)]
    [InlineData("2026-11-21T05:38:05.5+01:00", Now + 500_000_000)]
    [InlineData("2026-11-21T04:38Z", Now - 5_000_000_000)]
    [InlineData("2026-11-21T04:38:05", Now)]
    [InlineData("2026-11-21t04:38:05z", Now)]
    [InlineData("2026-11-21 04:38:05Z", Now)]
    [InlineData("2026-11-21", 1_795_219_200_000_000_000)]
    [InlineData("2024-02-29T23:59:59Z", 1_709_251_199_000_000_000)]
    [InlineData("1970-01-01", 0L)]
    [InlineData("1969-12-31T23:59:59.999999999Z", -1L)]
    [InlineData("2262-04-11T23:47:16.854775807Z", long.MaxValue)]
    [InlineData("1677-09-21T00:12:43.145224192Z", long.MinValue)]
    [InlineData("now", Now)]
    [InlineData("  now  ", Now)]
    [InlineData("now-1h", Now - 3_600_000_000_000)]
    [InlineData("now+30s", Now + 30_000_000_000)]
    [InlineData("now-1h30m", Now - 5_400_000_000_000)]
    [InlineData("now-1.5s", Now - 1_500_000_000)]
    [InlineData("now+0s", Now)]
    [InlineData("15m", Now - 900_000_000_000)]
    [InlineData("1h30m", Now - 5_400_000_000_000)]
    [InlineData("0s", Now)]
    [InlineData("1700000000000000000", 1_700_000_000_000_000_000)]
    [InlineData("0", 0L)]
    [InlineData("9223372036854775807", long.MaxValue)]
    public void TryParseInstant_ValidForm_ReturnsExactNanoseconds(string text, long expected)
    {
        Assert.True(TimeExpression.TryParseInstant(text, Now, out var nanos, out var error), error);
        Assert.Equal(expected, nanos);
        Assert.Equal(string.Empty, error);
    }

    [Theory]
    [InlineData("", "it is empty")]
    [InlineData("  ", "it is empty")]
    [InlineData("5x", "unknown unit 'x'")]
    [InlineData("now-", "a duration must follow 'now-'")]
    [InlineData("now+", "a duration must follow 'now+'")]
    [InlineData("now--1h", "durations cannot be negative")]
    [InlineData("now1h", "now must be followed by + or - and a duration")]
    [InlineData("nowish", "now must be followed by + or - and a duration")]
    [InlineData("now-5x", "unknown unit 'x'")]
    [InlineData("--1h", "a sign is only allowed after now")]
    [InlineData("-1h", "a sign is only allowed after now")]
    [InlineData("-1700000000000000000", "a sign is only allowed after now")]
    [InlineData("9223372036854775808", "larger than the largest nanosecond timestamp")]
    [InlineData("2026-13-01", "month 13 is not 01..12")]
    [InlineData("2026-00-01", "month 0 is not 01..12")]
    [InlineData("2026-02-30", "day 30 is not in 2026-02")]
    [InlineData("2025-02-29", "day 29 is not in 2025-02")]
    [InlineData("2026-11-00", "day 0 is not in 2026-11")]
    [InlineData("2026-1-01", "expected a date as YYYY-MM-DD")]
    [InlineData("2026-11-21X", "unexpected 'X' after the date")]
    [InlineData("2026-11-21T", "expected a time as hh:mm[:ss[.fffffffff]]")]
    [InlineData("2026-11-21T04", "expected a time as hh:mm[:ss[.fffffffff]]")]
    [InlineData("2026-11-21T4:38Z", "expected a time as hh:mm[:ss[.fffffffff]]")]
    [InlineData("2026-11-21T24:00:00Z", "hour 24 is not 00..23")]
    [InlineData("2026-11-21T04:60Z", "minute 60 is not 00..59")]
    [InlineData("2026-11-21T23:59:60Z", "second 60 is not 00..59")]
    [InlineData("2026-11-21T04:38:5Z", "expected two digits of seconds")]
    [InlineData("2026-11-21T04:38:05.Z", "digits must follow the '.' of the seconds")]
    [InlineData("2026-11-21T04:38:05.1234567891Z", "more than 9 fractional digits")]
    [InlineData("2026-11-21T04:38:05+25:00", "UTC offset +25:00 is not valid")]
    [InlineData("2026-11-21T04:38:05+01:60", "UTC offset +01:60 is not valid")]
    [InlineData("2026-11-21T04:38:05+1", "expected a UTC offset")]
    [InlineData("2026-11-21T04:38:05+01:0", "expected a UTC offset")]
    [InlineData("2026-11-21T04:38:05Z junk", "unexpected ' junk' after the time")]
    [InlineData("2026-11-21T04:38:05ZZ", "unexpected 'Z' after the time")]
    [InlineData("2262-04-11T23:47:16.854775808Z", "outside the nanosecond timestamp range")]
    [InlineData("1677-09-21T00:12:43.145224191Z", "outside the nanosecond timestamp range")]
    [InlineData("0000-01-01", "outside the nanosecond timestamp range")]
    [InlineData("now+100000d", "outside the nanosecond timestamp range")]
    [InlineData("now+106752d", "longer than the largest duration")]
    public void TryParseInstant_Invalid_ReturnsFalseWithOneLineError(string text, string reason)
    {
        Assert.False(TimeExpression.TryParseInstant(text, Now, out var nanos, out var error));
        Assert.Equal(0, nanos);
        Assert.StartsWith($"'{text}' is not a time: ", error, StringComparison.Ordinal);
        Assert.Contains(reason, error, StringComparison.Ordinal);
        Assert.Contains("ISO-8601 UTC (2026-11-21T04:38:05Z", error, StringComparison.Ordinal);
        Assert.Contains("now-1h", error, StringComparison.Ordinal);
        Assert.Contains("integer nanoseconds since the Unix epoch", error, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error);
    }

    [Fact]
    public void TryParseInstant_EveryFractionLength_IsExactToTheNanosecond()
    {
        const string digits = "123456789";
        long[] expected = [100_000_000, 120_000_000, 123_000_000, 123_400_000, 123_450_000, 123_456_000, 123_456_700, 123_456_780, 123_456_789];
        for (var length = 1; length <= 9; length++)
        {
            var text = $"2026-11-21T04:38:05.{digits[..length]}Z";
            Assert.True(TimeExpression.TryParseInstant(text, 0, out var nanos, out var error), error);
            Assert.Equal(Now + expected[length - 1], nanos);
        }
    }

    [Fact]
    public void TryParseInstant_IsoWithinTickPrecision_AgreesWithDateTimeOffset()
    {
        // DateTimeOffset as an independent oracle at 100 ns precision, over every month of several years.
        for (var year = 1970; year <= 2100; year += 13)
        {
            for (var month = 1; month <= 12; month++)
            {
                var text = $"{year:D4}-{month:D2}-28T13:14:15.1234567-07:30";
                var oracle = DateTimeOffset.Parse(text, System.Globalization.CultureInfo.InvariantCulture);
                Assert.True(TimeExpression.TryParseInstant(text, 0, out var nanos, out var error), error);
                Assert.Equal((oracle.UtcTicks - DateTime.UnixEpoch.Ticks) * 100, nanos);
            }
        }
    }
}
