using System.Buffers.Binary;
using Market.Core.Fanout;
using Market.Core.Journal;
using Signals.Library;

namespace Market.Core.Tests.Fanout;

public sealed class RecordCodecTests
{
    private static readonly JournalEntry Sample = new(42, EventKind.BookDelta, RecordFlags.EndOfBatch | RecordFlags.Resync, 7,
        1_700_000_000_123_456_789, 1_700_000_000_223_456_789, [1, 2, 3, 4, 5]);

    [Fact]
    public void Encode_ThenTryDecode_ReturnsEveryField()
    {
        var bytes = RecordCodec.Encode(Sample);

        Assert.Equal(RecordCodec.HeaderSize + 5, bytes.Length);
        Assert.True(RecordCodec.TryDecode(bytes, out var decoded));
        Assert.Equal(Sample, decoded);
    }

    [Fact]
    public void Encode_Layout_FollowsJournalFieldOrderLittleEndian()
    {
        var bytes = RecordCodec.Encode(Sample);

        Assert.Equal((uint)bytes.Length, BinaryPrimitives.ReadUInt32LittleEndian(bytes));
        Assert.Equal(RecordCodec.Version, BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(4)));
        Assert.Equal(42, BinaryPrimitives.ReadInt64LittleEndian(bytes.AsSpan(8)));
        Assert.Equal(Sample.TsEvent, BinaryPrimitives.ReadInt64LittleEndian(bytes.AsSpan(16)));
        Assert.Equal(Sample.TsRecv, BinaryPrimitives.ReadInt64LittleEndian(bytes.AsSpan(24)));
        Assert.Equal(7u, BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(32)));
        Assert.Equal((byte)EventKind.BookDelta, bytes[36]);
        Assert.Equal((byte)3, bytes[37]);
        Assert.Equal(new byte[] { 1, 2, 3, 4, 5 }, bytes[40..]);
    }

    [Fact]
    public void Encode_EmptyAndMaxSizePayloads_RoundTrip()
    {
        var empty = Sample with { Payload = [] };
        var max = Sample with { Payload = new byte[RecordCodec.MaxPayloadSize] };
        max.Payload[0] = 0xAB;
        max.Payload[^1] = 0xCD;

        Assert.True(RecordCodec.TryDecode(RecordCodec.Encode(empty), out var decodedEmpty));
        Assert.True(RecordCodec.TryDecode(RecordCodec.Encode(max), out var decodedMax));
        Assert.Equal(empty, decodedEmpty);
        Assert.Equal(max, decodedMax);
    }

    [Fact]
    public void Encode_PayloadOverMax_Throws()
    {
        var tooBig = Sample with { Payload = new byte[RecordCodec.MaxPayloadSize + 1] };

        Assert.Throws<ArgumentException>(() => RecordCodec.Encode(tooBig));
    }

    [Fact]
    public void TryEncode_DestinationTooSmall_ReturnsFalse()
    {
        var record = new JournalRecord(1, EventKind.Trade, RecordFlags.None, 1, 2, 3, new byte[10]);

        Assert.False(RecordCodec.TryEncode(record, new byte[RecordCodec.HeaderSize + 9], out var written));
        Assert.Equal(0, written);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(RecordCodec.HeaderSize - 1)]
    [InlineData(RecordCodec.HeaderSize + 4)]
    public void TryDecode_ShortInput_ReturnsFalse(int length)
    {
        var bytes = RecordCodec.Encode(Sample);

        Assert.False(RecordCodec.TryDecode(bytes.AsSpan(0, length), out var entry));
        Assert.Null(entry);
    }

    [Fact]
    public void TryDecode_TrailingByte_ReturnsFalse()
    {
        var bytes = RecordCodec.Encode(Sample);

        Assert.False(RecordCodec.TryDecode([.. bytes, 0], out _));
    }

    [Theory]
    [InlineData(4, 2)] // version
    [InlineData(36, 0)] // kind None
    [InlineData(36, 200)] // unknown kind
    [InlineData(38, 1)] // reserved not zero
    [InlineData(8, 0)] // sequence 0 (low byte of 42 cleared)
    public void TryDecode_CorruptField_ReturnsFalse(int offset, byte value)
    {
        var bytes = RecordCodec.Encode(Sample);
        bytes[offset] = value;

        Assert.False(RecordCodec.TryDecode(bytes, out _));
    }

    [Fact]
    public void TryDecode_LengthFieldHuge_ReturnsFalse()
    {
        var bytes = RecordCodec.Encode(Sample);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes, uint.MaxValue);

        Assert.False(RecordCodec.TryDecode(bytes, out _));
    }

    [Fact]
    public void Headers_Create_CarrySequenceAndFeed()
    {
        var headers = FanoutHeaders.Create("coinbase", 123_456_789_012);

        Assert.Equal("123456789012", headers[FanoutHeaders.Sequence]);
        Assert.Equal("coinbase", headers[FanoutHeaders.Feed]);
        Assert.True(FanoutHeaders.TryGetSequence(headers, out var sequence));
        Assert.Equal(123_456_789_012, sequence);
    }

    [Theory]
    [InlineData("")]
    [InlineData("-1")]
    [InlineData("0")]
    [InlineData("12x")]
    public void Headers_TryGetSequence_Malformed_ReturnsFalse(string text)
    {
        var headers = new Market.Core.Bus.BusHeaders { [FanoutHeaders.Sequence] = text };

        Assert.False(FanoutHeaders.TryGetSequence(headers, out _));
        Assert.False(FanoutHeaders.TryGetSequence(null, out _));
    }

    [Theory]
    [InlineData(EventKind.Trade, "trade")]
    [InlineData(EventKind.BookDelta, "book_delta")]
    [InlineData(EventKind.BookSnapshot, "snapshot")]
    [InlineData(EventKind.Quote, "quote")]
    [InlineData(EventKind.InstrumentStatus, "status")]
    [InlineData(EventKind.Gap, "gap")]
    public void KindNames_EveryMarketKind_RoundTrips(EventKind kind, string name)
    {
        Assert.Equal(name, EventKindNames.NameOf(kind));
        Assert.True(EventKindNames.TryParse(name, out var parsed));
        Assert.Equal(kind, parsed);
    }
}
