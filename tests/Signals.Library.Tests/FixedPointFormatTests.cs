using System.Text;

namespace Signals.Library.Tests;

public class FixedPointFormatTests
{
    [Theory]
    [InlineData(0L, "0")]
    [InlineData(1_000_000_000L, "1")]
    [InlineData(-1_000_000_000L, "-1")]
    [InlineData(500_000_000L, "0.5")]
    [InlineData(123_456_000_000L, "123.456")]
    [InlineData(-1L, "-0.000000001")]
    [InlineData(1L, "0.000000001")]
    [InlineData(120_000L, "0.00012")]
    [InlineData(43_125_670_000_000L, "43125.67")]
    [InlineData(10_000_000_000L, "10")]
    [InlineData(long.MaxValue, "9223372036.854775807")]
    [InlineData(long.MinValue, "-9223372036.854775808")]
    public void Format_Value_IsShortestExactDecimal(long value, string expected)
    {
        Assert.Equal(expected, FixedPoint.Format(value));
        Assert.Equal(expected, FormatUtf8(value));
    }

    [Fact]
    public void TryFormat_BufferTooSmall_ReturnsFalse()
    {
        Span<char> chars = stackalloc char[6];
        Span<byte> bytes = stackalloc byte[6];
        Assert.False(FixedPoint.TryFormat(-1_500_000_000L, chars[..3], out var written));
        Assert.Equal(0, written);
        Assert.True(FixedPoint.TryFormat(-1_500_000_000L, chars[..4], out written));
        Assert.Equal("-1.5", chars[..written].ToString());
        Assert.False(FixedPoint.TryFormat(-1_500_000_000L, bytes[..3], out _));
        Assert.False(FixedPoint.TryFormat(0, Span<char>.Empty, out _));
    }

    [Fact]
    public void TryFormat_LongestValue_FitsTwentyOneUnits()
    {
        Span<char> chars = stackalloc char[21];
        Span<byte> bytes = stackalloc byte[21];
        Assert.True(FixedPoint.TryFormat(long.MinValue, chars, out var charCount));
        Assert.True(FixedPoint.TryFormat(long.MinValue, bytes, out var byteCount));
        Assert.Equal(21, charCount);
        Assert.Equal(21, byteCount);
    }

    [Theory]
    [InlineData(long.MinValue)]
    [InlineData(long.MinValue + 1)]
    [InlineData(long.MaxValue)]
    [InlineData(long.MaxValue - 1)]
    [InlineData(0L)]
    [InlineData(1L)]
    [InlineData(-1L)]
    [InlineData(FixedPoint.Scale)]
    [InlineData(-FixedPoint.Scale)]
    [InlineData(FixedPoint.Scale - 1)]
    public void Parse_FormattedExtreme_RoundTrips(long value) => AssertRoundTrips(value);

    [Fact]
    public void Parse_FormattedRandomSweep_RoundTrips()
    {
        var random = new Random(42);
        for (var i = 0; i < 100_000; i++)
        {
            // Alternate full-range values with small ones, which exercise trimming and short forms.
            var value = (i % 2) == 0 ? random.NextInt64(long.MinValue, long.MaxValue) : random.NextInt64(-10_000_000_000, 10_000_000_000);
            AssertRoundTrips(value);
        }
    }

    [Fact]
    public void Format_RandomValues_MatchesDecimalReference()
    {
        var random = new Random(42);
        for (var i = 0; i < 10_000; i++)
        {
            var value = random.NextInt64(long.MinValue, long.MaxValue);
            var reference = (value / 1_000_000_000m).ToString("0.#########", System.Globalization.CultureInfo.InvariantCulture);
            Assert.Equal(reference, FixedPoint.Format(value));
        }
    }

    private static void AssertRoundTrips(long value)
    {
        var text = FixedPoint.Format(value);
        Assert.Equal(text, FormatUtf8(value));
        Assert.Equal(value, FixedPoint.Parse(text));
        Assert.True(FixedPoint.TryParse(Encoding.UTF8.GetBytes(text), out var utf8));
        Assert.Equal(value, utf8);
    }

    private static string FormatUtf8(long value)
    {
        Span<byte> buffer = stackalloc byte[32];
        Assert.True(FixedPoint.TryFormat(value, buffer, out var written));
        return Encoding.UTF8.GetString(buffer[..written]);
    }
}
