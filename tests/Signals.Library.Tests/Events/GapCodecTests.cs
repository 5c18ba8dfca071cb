namespace Signals.Library.Tests.Events;

public class GapCodecTests : MarketEventContractTests<Gap>
{
    [Fact]
    public void WritePayload_KnownGap_MatchesPinnedV1Layout()
    {
        var gap = new Gap(0, 2, 3, GapReason.SequenceGap, 100, 105);

        // ver | reason | expected u64 | received u64, little-endian.
        Assert.Equal("010164000000000000006900000000000000", Convert.ToHexString(Encode(gap)));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(6)]
    [InlineData(255)]
    public void TryReadPayload_UndefinedReason_ReturnsFalse(byte reason)
    {
        var payload = Encode(new Gap(1, 2, 3, GapReason.Stale, 0, 0));
        payload[1] = reason;
        Assert.False(Gap.TryReadPayload(payload, SampleHeader, out _));
    }

    [Fact]
    public void WritePayload_UndefinedReason_Throws()
    {
        var gap = default(Gap);
        Assert.Throws<ArgumentException>(() => gap.WritePayload(new byte[64]));
    }

    protected override IEnumerable<Gap> Samples() =>
    [
        new(SampleHeader.InstrumentId, SampleHeader.TsEvent, SampleHeader.TsRecv, GapReason.SequenceGap, 1_000_001, 1_000_005),
        new(0, SampleHeader.TsRecv, SampleHeader.TsRecv, GapReason.Disconnect, 0, 0),
        new(ExtremeHeader.InstrumentId, ExtremeHeader.TsEvent, ExtremeHeader.TsRecv, GapReason.Overflow, ulong.MaxValue, ulong.MaxValue),
        new(1, 2, 3, GapReason.Resync, 0, 1),
        new(1, 2, 3, GapReason.Stale, 0, 0),
    ];
}
