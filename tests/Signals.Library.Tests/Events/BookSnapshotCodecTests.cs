namespace Signals.Library.Tests.Events;

public class BookSnapshotCodecTests : MarketEventContractTests<BookSnapshot>
{
    [Fact]
    public void WritePayload_KnownSnapshot_MatchesPinnedV1Layout()
    {
        var snapshot = new BookSnapshot(1, 2, 3, 9, new BookLevel[] { new(100, 1) }, new BookLevel[] { new(101, 2), new(102, 3) });

        // ver | venue sequence u64 | bid count u32 | ask count u32 | bids then asks as (price i64, size i64).
        Assert.Equal(
            "0109000000000000000100000002000000"
            + "64000000000000000100000000000000"
            + "65000000000000000200000000000000"
            + "66000000000000000300000000000000",
            Convert.ToHexString(Encode(snapshot)));
    }

    [Theory]
    [InlineData(uint.MaxValue, 2u)]
    [InlineData(1u, uint.MaxValue)]
    [InlineData(uint.MaxValue, uint.MaxValue)]
    [InlineData(2u, 2u)]
    [InlineData(0u, 2u)]
    [InlineData(268_435_456u, 0u)]
    public void TryReadPayload_CountsThatDoNotFitPayload_ReturnsFalse(uint bids, uint asks)
    {
        var payload = Encode(new BookSnapshot(1, 2, 3, 4, new BookLevel[] { new(100, 1) }, new BookLevel[] { new(101, 2), new(102, 3) }));
        BitConverter.TryWriteBytes(payload.AsSpan(9), bids);
        BitConverter.TryWriteBytes(payload.AsSpan(13), asks);
        Assert.False(BookSnapshot.TryReadPayload(payload, SampleHeader, out _));
    }

    [Fact]
    public void TryReadPayload_CountsMovedBetweenSides_SplitsLevelsByCount()
    {
        // Bids and asks share one run of levels; the counts alone say where the sides divide.
        var payload = Encode(new BookSnapshot(1, 2, 3, 4, new BookLevel[] { new(100, 1) }, new BookLevel[] { new(101, 2), new(102, 3) }));
        BitConverter.TryWriteBytes(payload.AsSpan(9), 3u);
        BitConverter.TryWriteBytes(payload.AsSpan(13), 0u);
        Assert.True(BookSnapshot.TryReadPayload(payload, SampleHeader, out var read));
        Assert.Equal(3, read.Bids.Length);
        Assert.True(read.Asks.IsEmpty);
    }

    [Fact]
    public void WriteTo_OverMaxPayloadSize_Throws()
    {
        var levels = new BookLevel[EventCodec.MaxPayloadSize / 16];
        var snapshot = new BookSnapshot(1, 2, 3, 4, levels, ReadOnlyMemory<BookLevel>.Empty);
        Assert.True(snapshot.PayloadSize > EventCodec.MaxPayloadSize);
        Assert.Throws<ArgumentException>(() => EventCodec.WriteTo(snapshot, new byte[64]));
    }

    [Fact]
    public void Equals_SameLevelsInDifferentArrays_IsTrueWithEqualHash()
    {
        var a = new BookSnapshot(1, 2, 3, 4, new BookLevel[] { new(100, 1) }, new BookLevel[] { new(101, 2) });
        var b = new BookSnapshot(1, 2, 3, 4, new BookLevel[] { new(100, 1) }, new BookLevel[] { new(101, 2) });
        Assert.Equal(a, b);
        Assert.True(a == b);
        Assert.Equal(a.GetHashCode(), b.GetHashCode());
        Assert.NotEqual(a, b with { Asks = new BookLevel[] { new(101, 3) } });
        Assert.NotEqual(a, b with { VenueSequence = 5 });
        Assert.NotEqual(a, b with { Bids = ReadOnlyMemory<BookLevel>.Empty });
    }

    [Fact]
    public void WritePayload_LevelsSlicedFromLargerArray_WritesOnlyTheSlice()
    {
        var all = new BookLevel[] { new(1, 1), new(100, 1), new(99, 2), new(7, 7) };
        var snapshot = new BookSnapshot(1, 2, 3, 4, all.AsMemory(1, 2), all.AsMemory(3, 1));
        Assert.True(BookSnapshot.TryReadPayload(Encode(snapshot), snapshot.Header, out var read));
        Assert.Equal([new(100, 1), new(99, 2)], read.Bids.ToArray());
        Assert.Equal([new(7, 7)], read.Asks.ToArray());
    }

    protected override IEnumerable<BookSnapshot> Samples() =>
    [
        new(SampleHeader.InstrumentId, SampleHeader.TsEvent, SampleHeader.TsRecv, 0, ReadOnlyMemory<BookLevel>.Empty, ReadOnlyMemory<BookLevel>.Empty),
        new(SampleHeader.InstrumentId, SampleHeader.TsEvent, SampleHeader.TsRecv, 10, Ladder(5, 43_125, -1), ReadOnlyMemory<BookLevel>.Empty),
        new(SampleHeader.InstrumentId, SampleHeader.TsEvent, SampleHeader.TsRecv, 11, ReadOnlyMemory<BookLevel>.Empty, Ladder(5, 43_126, 1)),
        new(SampleHeader.InstrumentId, SampleHeader.TsEvent, SampleHeader.TsRecv, 12, Ladder(10_000, 43_125, -1), Ladder(10_000, 43_126, 1)),
        new(
            ExtremeHeader.InstrumentId, ExtremeHeader.TsEvent, ExtremeHeader.TsRecv, ulong.MaxValue,
            new BookLevel[] { new(long.MaxValue, long.MaxValue), new(long.MinValue, long.MinValue) },
            new BookLevel[] { new(long.MinValue, long.MaxValue) }),
    ];

    private static BookLevel[] Ladder(int count, long firstPrice, long step)
        => Enumerable.Range(0, count)
            .Select(i => new BookLevel(FixedPoint.FromInteger(firstPrice + (i * step)), FixedPoint.FromCents(i + 1)))
            .ToArray();
}
