namespace Signals.Library.Tests.Events;

public class QuoteCodecTests : MarketEventContractTests<Quote>
{
    [Fact]
    public void WritePayload_KnownQuote_MatchesPinnedV1Layout()
    {
        var quote = new Quote(1, 2, 3, FixedPoint.FromInteger(99), 2, FixedPoint.FromInteger(101), 3, 42);

        // ver | bid price | bid size | ask price | ask size (i64) | venue sequence u64, little-endian.
        Assert.Equal(
            "01001EDC0C17000000020000000000000000B211841700000003000000000000002A00000000000000",
            Convert.ToHexString(Encode(quote)));
    }

    protected override IEnumerable<Quote> Samples() =>
    [
        new(SampleHeader.InstrumentId, SampleHeader.TsEvent, SampleHeader.TsRecv, FixedPoint.FromCents(57), FixedPoint.FromInteger(1200), FixedPoint.FromCents(58), FixedPoint.FromInteger(300), 77),
        new(ExtremeHeader.InstrumentId, ExtremeHeader.TsEvent, ExtremeHeader.TsRecv, long.MinValue, long.MaxValue, long.MaxValue, long.MinValue, ulong.MaxValue),
        default,
    ];
}
