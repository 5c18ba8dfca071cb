using Market.Core.Time;

namespace Market.Core.Tests.Time;

public sealed class TimeExpressionDurationTests
{
    [Theory]
    [InlineData("0", 0L)]
    [InlineData("0s", 0L)]
    [InlineData("0ms", 0L)]
    [InlineData("1ns", 1L)]
    [InlineData("1us", 1_000L)]
    [InlineData("1µs", 1_000L)]
    [InlineData("1μs", 1_000L)]
    [InlineData("50ms", 50_000_000L)]
    [InlineData("1s", 1_000_000_000L)]
    [InlineData("1m", 60_000_000_000L)]
    [InlineData("1h", 3_600_000_000_000L)]
    [InlineData("1d", 86_400_000_000_000L)]
    [InlineData("1w", 604_800_000_000_000L)]
    [InlineData("1h30m", 5_400_000_000_000L)]
    [InlineData("2m5s", 125_000_000_000L)]
    [InlineData("30m1h", 5_400_000_000_000L)]
    [InlineData("1d2h3m4s5ms6us7ns", 93_784_005_006_007L)]
    [InlineData("1.5s", 1_500_000_000L)]
    [InlineData("0.25ms", 250_000L)]
    [InlineData(".5s", 500_000_000L)]
    [InlineData("1.50s", 1_500_000_000L)]
    [InlineData("1.5000000000000000000000000s", 1_500_000_000L)]
    [InlineData("1.000000001s", 1_000_000_001L)]
    [InlineData("0.001us", 1L)]
    [InlineData("1.5h", 5_400_000_000_000L)]
    [InlineData("0.1w", 60_480_000_000_000L)]
    [InlineData("0001s", 1_000_000_000L)]
    [InlineData("  15m  ", 900_000_000_000L)]
    [InlineData("9223372036854775807ns", long.MaxValue)]
    [InlineData("9223372036.854775807s", long.MaxValue)]
    [InlineData("106751d23h47m16.854775807s", long.MaxValue)]
    public void TryParseDuration_ValidForm_ReturnsExactNanoseconds(string text, long expected)
    {
        Assert.True(TimeExpression.TryParseDuration(text, out var nanos, out var error), error);
        Assert.Equal(expected, nanos);
        Assert.Equal(string.Empty, error);
    }

    [Theory]
    [InlineData("", "it is empty")]
    [InlineData("   ", "it is empty")]
    [InlineData("5x", "unknown unit 'x'")]
    [InlineData("5", "'5' has no unit")]
    [InlineData("1S", "unknown unit 'S'")]
    [InlineData("1H", "unknown unit 'H'")]
    [InlineData("1ss", "unknown unit 'ss'")]
    [InlineData("1e3s", "unknown unit 'e'")]
    [InlineData("-1s", "durations cannot be negative")]
    [InlineData("--1h", "durations cannot be negative")]
    [InlineData("+1s", "expected a number at '+1s'")]
    [InlineData("s", "expected a number at 's'")]
    [InlineData("1h-30m", "expected a number at '-30m'")]
    [InlineData("1 s", "unexpected ' ' after '1'")]
    [InlineData("1.2.3s", "unexpected '.' after '1.2'")]
    [InlineData("1.s", "digits must follow the '.' in '1.'")]
    [InlineData("1.5ns", "'1.5ns' is not a whole number of nanoseconds")]
    [InlineData("1.0000001us", "'1.0000001us' is not a whole number of nanoseconds")]
    [InlineData("0.0000000000000000001w", "is not a whole number of nanoseconds")]
    [InlineData("9223372036854775808ns", "'9223372036854775808' is too large")]
    [InlineData("9223372036854775807ns1ns", "longer than the largest duration")]
    [InlineData("106752d", "longer than the largest duration")]
    public void TryParseDuration_Invalid_ReturnsFalseWithOneLineError(string text, string reason)
    {
        Assert.False(TimeExpression.TryParseDuration(text, out var nanos, out var error));
        Assert.Equal(0, nanos);
        Assert.StartsWith($"'{text}' is not a duration: ", error, StringComparison.Ordinal);
        Assert.Contains(reason, error, StringComparison.Ordinal);
        Assert.Contains("(ns, us, ms, s, m, h, d, w)", error, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error);
    }

    [Fact]
    public void TryParseDuration_Null_ReturnsFalse()
    {
        Assert.False(TimeExpression.TryParseDuration(null, out var nanos, out var error));
        Assert.Equal(0, nanos);
        Assert.StartsWith("'' is not a duration: it is empty;", error, StringComparison.Ordinal);
    }
}
