using System.Globalization;

namespace Signals.Library.Tests;

public class UnixNanosTests
{
    [Theory]
    [InlineData(0L, "1970-01-01T00:00:00.000000000Z")]
    [InlineData(-1L, "1969-12-31T23:59:59.999999999Z")]
    [InlineData(1_795_235_885_123_456_789L, "2026-11-21T04:38:05.123456789Z")]
    [InlineData(long.MaxValue, "2262-04-11T23:47:16.854775807Z")]
    [InlineData(long.MinValue, "1677-09-21T00:12:43.145224192Z")]
    public void Format_Nanos_IsIsoUtcWithNineDecimals(long nanos, string expected)
    {
        Assert.Equal(expected, UnixNanos.Format(nanos));
        Assert.True(UnixNanos.TryParseIso(expected, out var parsed));
        Assert.Equal(nanos, parsed);
    }

    [Fact]
    public void TryFormat_BufferTooSmall_ReturnsFalse()
    {
        Span<char> buffer = stackalloc char[30];
        Assert.False(UnixNanos.TryFormat(0, buffer[..29], out var written));
        Assert.Equal(0, written);
        Assert.True(UnixNanos.TryFormat(0, buffer, out written));
        Assert.Equal(30, written);
    }

    [Fact]
    public void TryParseIso_FormattedRandomSweep_RoundTripsToTheNanosecond()
    {
        var random = new Random(42);
        for (var i = 0; i < 20_000; i++)
        {
            var nanos = random.NextInt64(long.MinValue, long.MaxValue);
            Assert.True(UnixNanos.TryParseIso(UnixNanos.Format(nanos), out var parsed));
            Assert.Equal(nanos, parsed);
        }
    }

    [Fact]
    public void Format_RandomTicks_MatchesDateTimeOffset()
    {
        var random = new Random(42);
        for (var i = 0; i < 20_000; i++)
        {
            var nanos = random.NextInt64(long.MinValue / 100, long.MaxValue / 100) * 100;
            var reference = UnixNanos.ToDateTimeOffset(nanos).ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff", CultureInfo.InvariantCulture);
            Assert.Equal(reference + "00Z", UnixNanos.Format(nanos));
            Assert.Equal(nanos, UnixNanos.FromDateTimeOffset(UnixNanos.ToDateTimeOffset(nanos)));
        }
    }

    [Theory]
    [InlineData("2026-11-21", "2026-11-21T00:00:00.000000000Z")]
    [InlineData("2026-11-21T04:38Z", "2026-11-21T04:38:00.000000000Z")]
    [InlineData("2026-11-21T04:38:05Z", "2026-11-21T04:38:05.000000000Z")]
    [InlineData("2026-11-21t04:38:05z", "2026-11-21T04:38:05.000000000Z")]
    [InlineData("2026-11-21T04:38:05.1Z", "2026-11-21T04:38:05.100000000Z")]
    [InlineData("2026-11-21T04:38:05.000001Z", "2026-11-21T04:38:05.000001000Z")]
    [InlineData("2026-11-21T04:38:05.123456789Z", "2026-11-21T04:38:05.123456789Z")]
    [InlineData("2026-11-21T04:38:05.123456789+00:00", "2026-11-21T04:38:05.123456789Z")]
    [InlineData("2026-11-21T04:38:05.123456789-00:00", "2026-11-21T04:38:05.123456789Z")]
    [InlineData("2026-11-21T04:38:05+05:30", "2026-11-20T23:08:05.000000000Z")]
    [InlineData("2026-11-21T22:00:00.5-0300", "2026-11-22T01:00:00.500000000Z")]
    [InlineData("2024-02-29T00:00Z", "2024-02-29T00:00:00.000000000Z")]
    [InlineData("2026-11-21T04:38:05+05", "2026-11-20T23:38:05.000000000Z")]
    [InlineData("2026-11-21 04:38:05Z", "2026-11-21T04:38:05.000000000Z")]
    [InlineData("1970-01-01T00:00:00.000000001+00:00", "1970-01-01T00:00:00.000000001Z")]
    public void TryParseIso_ValidText_IsExactUtc(string text, string expectedUtc)
    {
        Assert.True(UnixNanos.TryParseIso(text, out var nanos));
        Assert.Equal(expectedUtc, UnixNanos.Format(nanos));
    }

    [Fact]
    public void TryParseIso_Offset_AgreesWithDateTimeOffset()
    {
        const string text = "2026-11-21T04:38:05.1234567-07:45";
        var reference = DateTimeOffset.Parse(text, CultureInfo.InvariantCulture);
        Assert.True(UnixNanos.TryParseIso(text, out var nanos));
        Assert.Equal(UnixNanos.FromDateTimeOffset(reference), nanos);
    }

    [Theory]
    [InlineData("")]
    [InlineData("garbage")]
    [InlineData("2026-13-01")]
    [InlineData("2026-00-01")]
    [InlineData("2026-11-31")]
    [InlineData("2026-02-29")]
    [InlineData("0000-01-01")]
    [InlineData("2026-11-21T25:00Z")]
    [InlineData("2026-11-21T24:00Z")]
    [InlineData("2026-11-21T04:60Z")]
    [InlineData("2026-11-21T04:38:60Z")]
    [InlineData("2026-11-21T04:38:05")]
    [InlineData("2026-11-21T04:38:05.Z")]
    [InlineData("2026-11-21T04:38.5Z")]
    [InlineData("2026-11-21T04:38:5Z")]
    [InlineData("2026-11-21T04:38:05.1234567891Z")]
    [InlineData("2026-11-21T04:38:05.123")]
    [InlineData("2026-11-21T04:38:05Z ")]
    [InlineData(" 2026-11-21")]
    [InlineData("2026-11-21T")]
    [InlineData("2026-11-21Z")]
    [InlineData("2026-11-21T04:38:05+5:30")]
    [InlineData("2026-11-21T04:38:05+24:00")]
    [InlineData("2026-11-21T04:38:05+05:60")]
    [InlineData("2026/11/21")]
    [InlineData("20261121")]
    [InlineData("2026-1-21")]
    [InlineData("2262-04-11T23:47:16.854775808Z")]
    [InlineData("1677-09-21T00:12:43.145224191Z")]
    [InlineData("9999-12-31T23:59:59Z")]
    public void TryParseIso_InvalidText_ReturnsFalse(string text)
    {
        Assert.False(UnixNanos.TryParseIso(text, out var nanos));
        Assert.Equal(0, nanos);
        Assert.False(UnixNanos.TryParseIso(text, out _, out var error));
        Assert.NotEmpty(error);
    }

    [Theory]
    [InlineData("2026-11-21T24:00Z", "hour 24 is not 00..23")]
    [InlineData("2026-11-21T04:38:05", "a time needs a zone")]
    [InlineData("2026-02-29", "day 29 is not in 2026-02")]
    [InlineData("2026-11-21T04:38:05.1234567891Z", "more than 9 fractional digits")]
    public void TryParseIso_InvalidText_SaysWhy(string text, string reason)
    {
        Assert.False(UnixNanos.TryParseIso(text, out _, out var error));
        Assert.Contains(reason, error, StringComparison.Ordinal);
    }

    [Fact]
    public void TryParseIso_AssumeUtcWithoutZone_ReadsAZonelessTimeAsUtc()
    {
        Assert.True(UnixNanos.TryParseIso("2026-11-21T04:38:05.5", out var nanos, out _, assumeUtcWithoutZone: true));
        Assert.Equal("2026-11-21T04:38:05.500000000Z", UnixNanos.Format(nanos));
    }

    [Theory]
    [InlineData("1700000000.123456789", 1_700_000_000_123_456_789L)]
    [InlineData("1700000000", 1_700_000_000_000_000_000L)]
    [InlineData("1700000000.5", 1_700_000_000_500_000_000L)]
    [InlineData("-0.000000001", -1L)]
    public void TryParseUnixSecondsDecimal_ValidText_IsExact(string text, long expected)
    {
        Assert.True(UnixNanos.TryParseUnixSecondsDecimal(text, out var nanos));
        Assert.Equal(expected, nanos);
    }

    [Theory]
    [InlineData("1700000000.1234567891")]
    [InlineData("99999999999")]
    [InlineData("1700000000 ")]
    [InlineData("")]
    public void TryParseUnixSecondsDecimal_InvalidText_ReturnsFalse(string text)
        => Assert.False(UnixNanos.TryParseUnixSecondsDecimal(text, out _));

    [Fact]
    public void FromUnitConversions_Value_ScaleToNanos()
    {
        Assert.Equal(1_700_000_000_123_000_000L, UnixNanos.FromUnixMilliseconds(1_700_000_000_123));
        Assert.Equal(1_700_000_000_123_456_000L, UnixNanos.FromUnixMicroseconds(1_700_000_000_123_456));
        Assert.Throws<OverflowException>(() => UnixNanos.FromUnixMilliseconds(long.MaxValue / 1_000_000 + 1));
        Assert.Throws<OverflowException>(() => UnixNanos.FromUnixMicroseconds(long.MinValue / 1_000 - 1));
    }

    [Fact]
    public void FromDateTimeOffset_OutsideLongRange_Throws()
    {
        Assert.Throws<OverflowException>(() => UnixNanos.FromDateTimeOffset(new DateTimeOffset(2263, 1, 1, 0, 0, 0, TimeSpan.Zero)));
        Assert.Throws<OverflowException>(() => UnixNanos.FromDateTimeOffset(DateTimeOffset.MinValue));
        Assert.Equal(0, UnixNanos.FromDateTimeOffset(new DateTimeOffset(1970, 1, 1, 2, 0, 0, TimeSpan.FromHours(2))));
    }

    [Theory]
    [InlineData(-1L, -100L)]
    [InlineData(-100L, -100L)]
    [InlineData(199L, 100L)]
    public void ToDateTimeOffset_SubTickNanos_TruncatesTowardThePast(long nanos, long expected)
        => Assert.Equal(expected, UnixNanos.FromDateTimeOffset(UnixNanos.ToDateTimeOffset(nanos)));
}
