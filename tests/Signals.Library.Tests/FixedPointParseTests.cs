using System.Text;

namespace Signals.Library.Tests;

public class FixedPointParseTests
{
    [Theory]
    [InlineData("0", 0L)]
    [InlineData("-0", 0L)]
    [InlineData("100", 100_000_000_000L)]
    [InlineData("-2.5", -2_500_000_000L)]
    [InlineData("+2.5", 2_500_000_000L)]
    [InlineData("43125.67", 43_125_670_000_000L)]
    [InlineData("0.00012000", 120_000L)]
    [InlineData("1e-9", 1L)]
    [InlineData("1.5e-7", 150L)]
    [InlineData("2E3", 2_000_000_000_000L)]
    [InlineData("2e+3", 2_000_000_000_000L)]
    [InlineData("12345e-4", 1_234_500_000L)]
    [InlineData(".5", 500_000_000L)]
    [InlineData("5.", 5_000_000_000L)]
    [InlineData("-.5", -500_000_000L)]
    [InlineData("007.0100", 7_010_000_000L)]
    [InlineData("0.0000000010000", 1L)]
    [InlineData("0.000000001", 1L)]
    [InlineData("1000000000000000000000e-20", 10_000_000_000L)]
    [InlineData("0e999999999999999999999", 0L)]
    [InlineData("0.0000000000000000000001e13", 1L)]
    [InlineData("9223372036.854775807", long.MaxValue)]
    [InlineData("-9223372036.854775808", long.MinValue)]
    [InlineData("9223372036854775807e-9", long.MaxValue)]
    public void TryParse_ValidText_ReturnsExactValue(string text, long expected)
    {
        Assert.True(FixedPoint.TryParse(text.AsSpan(), out var chars));
        Assert.True(FixedPoint.TryParse(Encoding.UTF8.GetBytes(text), out var utf8));
        Assert.Equal(expected, chars);
        Assert.Equal(expected, utf8);
        Assert.Equal(expected, FixedPoint.Parse(text));
    }

    [Theory]
    [InlineData("")]
    [InlineData("-")]
    [InlineData("+")]
    [InlineData(".")]
    [InlineData("-.")]
    [InlineData("1.2.3")]
    [InlineData(" 1")]
    [InlineData("1 ")]
    [InlineData("1 000")]
    [InlineData("NaN")]
    [InlineData("Infinity")]
    [InlineData("--1")]
    [InlineData("+-1")]
    [InlineData("1e")]
    [InlineData("1e+")]
    [InlineData("e5")]
    [InlineData("1e5.5")]
    [InlineData("1e--5")]
    [InlineData("0x10")]
    [InlineData("1,5")]
    [InlineData("١")]
    [InlineData("0.0000000001")]
    [InlineData("1.0000000001")]
    [InlineData("1e-10")]
    [InlineData("0.12345678901234567891")]
    [InlineData("9223372036.854775808")]
    [InlineData("-9223372036.854775809")]
    [InlineData("10000000000")]
    [InlineData("1e10")]
    [InlineData("1e99999999999999999999")]
    [InlineData("123456789012345678901234567890")]
    public void TryParse_InvalidText_ReturnsFalse(string text)
    {
        Assert.False(FixedPoint.TryParse(text.AsSpan(), out var chars));
        Assert.False(FixedPoint.TryParse(Encoding.UTF8.GetBytes(text), out var utf8));
        Assert.Equal(0, chars);
        Assert.Equal(0, utf8);
    }

    [Theory]
    [InlineData("abc", "not a decimal number")]
    [InlineData("1.2.3", "not a decimal number")]
    [InlineData("1e10", "outside the range")]
    [InlineData("9223372036.854775808", "outside the range")]
    [InlineData("0.0000000001", "beyond 9 decimal places")]
    public void Parse_InvalidText_ThrowsFormatExceptionQuotingInputAndReason(string text, string reason)
    {
        var ex = Assert.Throws<FormatException>(() => FixedPoint.Parse(text));
        Assert.Contains($"\"{text}\"", ex.Message, StringComparison.Ordinal);
        Assert.Contains(reason, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TryParse_NonAsciiUtf8Bytes_ReturnsFalse()
    {
        // 0xB1 would read as '1' if a byte were ever mistaken for a truncated char.
        Assert.False(FixedPoint.TryParse([(byte)'1', 0xB1], out _));
        Assert.False(FixedPoint.TryParse([0xEF, 0xBB, 0xBF, (byte)'1'], out _));
    }

    [Fact]
    public void TryParse_CharBeyondAscii_ReturnsFalse()
    {
        // U+0131 truncates to 0x31 ('1') as a byte: the char path must compare the whole code unit.
        Assert.False(FixedPoint.TryParse("1\u0131".AsSpan(), out _));
    }

    [Fact]
    public void FromCents_KalshiPrice_ScalesByHundredth()
    {
        Assert.Equal(FixedPoint.Parse("0.57"), FixedPoint.FromCents(57));
        Assert.Equal(-FixedPoint.Scale, FixedPoint.FromCents(-100));
    }

    [Fact]
    public void FromInteger_Units_ScalesAndChecksOverflow()
    {
        Assert.Equal(FixedPoint.Parse("42"), FixedPoint.FromInteger(42));
        Assert.Throws<OverflowException>(() => FixedPoint.FromInteger(long.MaxValue / FixedPoint.Scale + 1));
        Assert.Throws<OverflowException>(() => FixedPoint.FromCents(long.MinValue / 10));
    }

    [Fact]
    public void ToDouble_Value_IsNearestDouble()
    {
        Assert.Equal(43125.67, FixedPoint.ToDouble(FixedPoint.Parse("43125.67")));
        Assert.Equal(-1e-9, FixedPoint.ToDouble(-1));
    }
}
