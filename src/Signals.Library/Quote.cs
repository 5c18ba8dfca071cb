using System.Buffers.Binary;
using Signals.Library.Internal;

namespace Signals.Library;

/// <summary>Top of book, or a ticker: the best bid and ask with their sizes.</summary>
/// <param name="InstrumentId">The per-feed interned symbol id.</param>
/// <param name="TsEvent">Exchange time, UTC nanoseconds since the epoch.</param>
/// <param name="TsRecv">Our receive time, UTC nanoseconds since the epoch.</param>
/// <param name="BidPrice">Best bid price at scale 1e-9.</param>
/// <param name="BidSize">Size at the best bid at scale 1e-9; 0 when there is no bid.</param>
/// <param name="AskPrice">Best ask price at scale 1e-9.</param>
/// <param name="AskSize">Size at the best ask at scale 1e-9; 0 when there is no ask.</param>
/// <param name="VenueSequence">The venue's sequence number for gap detection, or 0 if it sends none.</param>
public readonly record struct Quote(
    uint InstrumentId, long TsEvent, long TsRecv, long BidPrice, long BidSize, long AskPrice, long AskSize, ulong VenueSequence)
    : IMarketEvent<Quote>
{
    // v1: version u8, bid price, bid size, ask price, ask size i64, venue sequence u64.
    private const int EncodedSize = 41;

    /// <inheritdoc/>
    public static EventKind Kind => EventKind.Quote;

    /// <inheritdoc/>
    public EventHeader Header => new(InstrumentId, TsEvent, TsRecv);

    /// <inheritdoc/>
    public int PayloadSize => EncodedSize;

    /// <inheritdoc/>
    public void WritePayload(Span<byte> destination)
    {
        Payload.EnsureCapacity(destination, EncodedSize, Kind);
        destination[0] = EventCodec.CurrentVersion;
        BinaryPrimitives.WriteInt64LittleEndian(destination[1..], BidPrice);
        BinaryPrimitives.WriteInt64LittleEndian(destination[9..], BidSize);
        BinaryPrimitives.WriteInt64LittleEndian(destination[17..], AskPrice);
        BinaryPrimitives.WriteInt64LittleEndian(destination[25..], AskSize);
        BinaryPrimitives.WriteUInt64LittleEndian(destination[33..], VenueSequence);
    }

    /// <inheritdoc/>
    public static bool TryReadPayload(ReadOnlySpan<byte> payload, in EventHeader header, out Quote value)
    {
        if (!Payload.IsCurrent(payload, EncodedSize))
        {
            value = default;
            return false;
        }

        value = new Quote(
            header.InstrumentId,
            header.TsEvent,
            header.TsRecv,
            BidPrice: BinaryPrimitives.ReadInt64LittleEndian(payload[1..]),
            BidSize: BinaryPrimitives.ReadInt64LittleEndian(payload[9..]),
            AskPrice: BinaryPrimitives.ReadInt64LittleEndian(payload[17..]),
            AskSize: BinaryPrimitives.ReadInt64LittleEndian(payload[25..]),
            VenueSequence: BinaryPrimitives.ReadUInt64LittleEndian(payload[33..]));
        return true;
    }
}
