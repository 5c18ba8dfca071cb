namespace Signals.Library.Tests.Events;

public class TradeCodecTests : MarketEventContractTests<Trade>
{
    [Fact]
    public void WritePayload_KnownTrade_MatchesPinnedV1Layout()
    {
        var trade = new Trade(1, 2, 3, FixedPoint.Parse("43125.67"), FixedPoint.Parse("1.5"), Side.Buy, 0x0102030405060708);

        // ver 01 | aggressor 01 | price i64 LE | size i64 LE | trade id u64 LE. Changing this string
        // means changing the on-disk format: bump EventCodec.CurrentVersion and keep reading v1.
        Assert.Equal("010180B53DFA38270000002F6859000000000807060504030201", Convert.ToHexString(Encode(trade)));
        Assert.Equal(26, trade.PayloadSize);
        Assert.Equal(EventKind.Trade, Trade.Kind);
    }

    [Theory]
    [InlineData(3)]
    [InlineData(255)]
    public void TryReadPayload_UndefinedAggressor_ReturnsFalse(byte aggressor)
    {
        var payload = Encode(new Trade(1, 2, 3, 4, 5, Side.Sell, 6));
        payload[1] = aggressor;
        Assert.False(Trade.TryReadPayload(payload, SampleHeader, out _));
    }

    [Fact]
    public void WritePayload_UndefinedAggressor_Throws()
    {
        var trade = new Trade(1, 2, 3, 4, 5, (Side)3, 6);
        Assert.Throws<ArgumentException>(() => trade.WritePayload(new byte[trade.PayloadSize]));
    }

    protected override IEnumerable<Trade> Samples() =>
    [
        new(SampleHeader.InstrumentId, SampleHeader.TsEvent, SampleHeader.TsRecv, FixedPoint.Parse("43125.67"), FixedPoint.Parse("0.00012"), Side.Buy, 987_654_321),
        new(ExtremeHeader.InstrumentId, ExtremeHeader.TsEvent, ExtremeHeader.TsRecv, long.MinValue, long.MaxValue, Side.Sell, ulong.MaxValue),
        new(0, 0, 0, long.MaxValue, long.MinValue, Side.None, 0),
        default,
    ];
}
