using System.Text;

namespace Signals.Library.Tests.Events;

public class InstrumentStatusCodecTests : MarketEventContractTests<InstrumentStatus>
{
    // 255 four-byte emoji and a three-byte euro sign and an 'a': exactly 1024 UTF-8 bytes.
    private static readonly string LongestText = string.Concat(Enumerable.Repeat("🦈", 255)) + "€a";

    [Fact]
    public void WritePayload_KnownStatus_MatchesPinnedV1Layout()
    {
        var status = new InstrumentStatus(1, 2, 3, TradingStatus.Halted, FixedPoint.Parse("0.01"), FixedPoint.FromInteger(1), "halt");

        // ver | status | tick size i64 | lot size i64 | text length u16 | UTF-8 text, little-endian.
        Assert.Equal("0103809698000000000000CA9A3B00000000040068616C74", Convert.ToHexString(Encode(status)));
    }

    [Fact]
    public void WritePayload_TextOverLimit_Throws()
    {
        Assert.Equal(1024, Encoding.UTF8.GetByteCount(LongestText));
        var status = new InstrumentStatus(1, 2, 3, TradingStatus.Trading, 0, 0, LongestText + "b");
        Assert.Equal(20 + 1025, status.PayloadSize);
        var ex = Assert.Throws<ArgumentException>(() => EventCodec.WriteTo(status, new byte[4096]));
        Assert.Contains("1025", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void WritePayload_LoneSurrogate_Throws()
    {
        var status = new InstrumentStatus(1, 2, 3, TradingStatus.Trading, 0, 0, "bad \uD83E text");
        Assert.Throws<EncoderFallbackException>(() => EventCodec.WriteTo(status, new byte[4096]));
    }

    [Fact]
    public void WritePayload_UndefinedStatus_Throws()
    {
        var status = new InstrumentStatus(1, 2, 3, (TradingStatus)8, 0, 0, "x");
        Assert.Throws<ArgumentException>(() => status.WritePayload(new byte[64]));
    }

    [Theory]
    [InlineData(8)]
    [InlineData(255)]
    public void TryReadPayload_UndefinedStatus_ReturnsFalse(byte status)
    {
        var payload = Encode(new InstrumentStatus(1, 2, 3, TradingStatus.Closed, 0, 0, "closed"));
        payload[1] = status;
        Assert.False(InstrumentStatus.TryReadPayload(payload, SampleHeader, out _));
    }

    [Theory]
    [InlineData("FF")]
    [InlineData("C080")]
    [InlineData("EDA080")]
    [InlineData("E282")]
    [InlineData("61F4908080")]
    public void TryReadPayload_InvalidUtf8_ReturnsFalse(string textHex)
    {
        var text = Convert.FromHexString(textHex);
        var payload = Encode(new InstrumentStatus(1, 2, 3, TradingStatus.Trading, 0, 0, new string('x', text.Length)));
        text.CopyTo(payload, 20);
        Assert.False(InstrumentStatus.TryReadPayload(payload, SampleHeader, out _));
    }

    [Fact]
    public void TryReadPayload_TextLengthOverLimit_ReturnsFalse()
    {
        // Consistent length and bytes, but longer than any encoder may write.
        var payload = new byte[20 + 1025];
        payload[0] = EventCodec.CurrentVersion;
        payload[1] = (byte)TradingStatus.Trading;
        payload[18] = 1025 & 0xFF;
        payload[19] = 1025 >> 8;
        payload.AsSpan(20).Fill((byte)'a');
        Assert.False(InstrumentStatus.TryReadPayload(payload, SampleHeader, out _));
    }

    [Fact]
    public void Text_DefaultInstance_IsEmptyNotNull()
    {
        Assert.Equal(string.Empty, default(InstrumentStatus).Text);
        Assert.Equal(20, default(InstrumentStatus).PayloadSize);
    }

    protected override IEnumerable<InstrumentStatus> Samples() =>
    [
        new(SampleHeader.InstrumentId, SampleHeader.TsEvent, SampleHeader.TsRecv, TradingStatus.Trading, FixedPoint.FromCents(1), FixedPoint.FromInteger(1), "KXBTCD-26NOV21 open"),
        new(ExtremeHeader.InstrumentId, ExtremeHeader.TsEvent, ExtremeHeader.TsRecv, TradingStatus.Delisted, long.MaxValue, long.MinValue, LongestText),
        new(1, 2, 3, TradingStatus.Unknown, 0, 0, string.Empty),
        new(1, 2, 3, TradingStatus.Settled, 1, 1, "\uFEFFsettled YES ✓ 結算"),
    ];
}
