using Market.Core.Time;

namespace Market.Core.Tests.Time;

public sealed class TimeExpressionFormatTests
{
    [Theory]
    [InlineData(0L, "0s")]
    [InlineData(1L, "1ns")]
    [InlineData(999L, "999ns")]
    [InlineData(1_000L, "1us")]
    [InlineData(1_500L, "1.5us")]
    [InlineData(250_000L, "250us")]
    [InlineData(1_234_567L, "1.234567ms")]
    [InlineData(50_000_000L, "50ms")]
    [InlineData(1_000_000_000L, "1s")]
    [InlineData(1_500_000_000L, "1.5s")]
    [InlineData(1_000_000_001L, "1.000000001s")]
    [InlineData(61_500_000_000L, "1m1.5s")]
    [InlineData(5_400_000_000_000L, "1h30m")]
    [InlineData(3_600_500_000_000L, "1h500ms")]
    [InlineData(3_600_000_000_001L, "1h1ns")]
    [InlineData(183_600_000_000_000L, "2d3h")]
    [InlineData(604_800_000_000_000L, "7d")]
    [InlineData(long.MaxValue, "106751d23h47m16.854775807s")]
    [InlineData(-1_500_000_000L, "-1.5s")]
    [InlineData(long.MinValue, "-106751d23h47m16.854775808s")]
    public void FormatDuration_Value_ReturnsCompactForm(long nanos, string expected)
    {
        Assert.Equal(expected, TimeExpression.FormatDuration(nanos));
    }

    [Fact]
    public void FormatDuration_AnyNonNegativeValue_ParsesBackToTheSameValue()
    {
        // Values of every magnitude, from 1 ns to the largest duration, with random low digits.
        var random = new Random(20261121);
        var values = new List<long> { 0, 1, long.MaxValue };
        for (var i = 0; i < 20_000; i++)
        {
            var magnitude = random.Next(0, 63);
            values.Add(random.NextInt64(0, long.MaxValue) >> magnitude);
        }
        foreach (var value in values)
        {
            var text = TimeExpression.FormatDuration(value);
            Assert.True(TimeExpression.TryParseDuration(text, out var parsed, out var error), error);
            Assert.Equal(value, parsed);
        }
    }
}
