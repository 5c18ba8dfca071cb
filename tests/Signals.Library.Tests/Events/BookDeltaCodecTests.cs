namespace Signals.Library.Tests.Events;

public class BookDeltaCodecTests : MarketEventContractTests<BookDelta>
{
    [Fact]
    public void WritePayload_KnownDelta_MatchesPinnedV1Layout()
    {
        var delta = new BookDelta(1, 2, 3, BookSide.Ask, BookAction.Delete, -1, 0, ulong.MaxValue);

        // ver | side | action | price i64 | size i64 | venue sequence u64, little-endian.
        Assert.Equal("010202FFFFFFFFFFFFFFFF0000000000000000FFFFFFFFFFFFFFFF", Convert.ToHexString(Encode(delta)));
    }

    [Theory]
    [InlineData(1, 0)]
    [InlineData(1, 3)]
    [InlineData(2, 0)]
    [InlineData(2, 3)]
    [InlineData(1, 255)]
    public void TryReadPayload_UndefinedSideOrAction_ReturnsFalse(int offset, byte value)
    {
        var payload = Encode(new BookDelta(1, 2, 3, BookSide.Bid, BookAction.Set, 4, 5, 6));
        payload[offset] = value;
        Assert.False(BookDelta.TryReadPayload(payload, SampleHeader, out _));
    }

    [Fact]
    public void WritePayload_UndefinedSideOrAction_Throws()
    {
        var badSide = new BookDelta(1, 2, 3, default, BookAction.Set, 4, 5, 6);
        var badAction = new BookDelta(1, 2, 3, BookSide.Bid, (BookAction)9, 4, 5, 6);
        Assert.Throws<ArgumentException>(() => badSide.WritePayload(new byte[64]));
        Assert.Throws<ArgumentException>(() => badAction.WritePayload(new byte[64]));
    }

    protected override IEnumerable<BookDelta> Samples() =>
    [
        new(SampleHeader.InstrumentId, SampleHeader.TsEvent, SampleHeader.TsRecv, BookSide.Bid, BookAction.Set, FixedPoint.Parse("43125.5"), FixedPoint.Parse("2.25"), 1_000_001),
        new(SampleHeader.InstrumentId, SampleHeader.TsEvent, SampleHeader.TsRecv, BookSide.Ask, BookAction.Delete, FixedPoint.Parse("43126"), 0, 1_000_002),
        new(ExtremeHeader.InstrumentId, ExtremeHeader.TsEvent, ExtremeHeader.TsRecv, BookSide.Ask, BookAction.Set, long.MaxValue, long.MinValue, ulong.MaxValue),
        new(0, 0, 0, BookSide.Bid, BookAction.Delete, long.MinValue, long.MaxValue, 0),
    ];
}
