using System.Buffers.Binary;
using Signals.Library.Internal;

namespace Signals.Library;

/// <summary>One price level of a book set to an absolute size, or deleted.</summary>
/// <param name="InstrumentId">The per-feed interned symbol id.</param>
/// <param name="TsEvent">Exchange time, UTC nanoseconds since the epoch.</param>
/// <param name="TsRecv">Our receive time, UTC nanoseconds since the epoch.</param>
/// <param name="Side">The side of the book the level is on.</param>
/// <param name="Action">Whether the level is set or deleted.</param>
/// <param name="Price">The level's price at scale 1e-9.</param>
/// <param name="Size">The level's new absolute size at scale 1e-9; 0 with <see cref="BookAction.Delete"/>.</param>
/// <param name="VenueSequence">The venue's sequence number for gap detection, or 0 if it sends none.</param>
public readonly record struct BookDelta(
    uint InstrumentId, long TsEvent, long TsRecv, BookSide Side, BookAction Action, long Price, long Size, ulong VenueSequence)
    : IMarketEvent<BookDelta>
{
    // v1: version u8, side u8, action u8, price i64, size i64, venue sequence u64.
    private const int EncodedSize = 27;

    /// <inheritdoc/>
    public static EventKind Kind => EventKind.BookDelta;

    /// <inheritdoc/>
    public EventHeader Header => new(InstrumentId, TsEvent, TsRecv);

    /// <inheritdoc/>
    public int PayloadSize => EncodedSize;

    /// <inheritdoc/>
    public void WritePayload(Span<byte> destination)
    {
        Payload.EnsureCapacity(destination, EncodedSize, Kind);
        if (!Side.IsDefined() || !Action.IsDefined())
        {
            throw Payload.NotEncodable(Kind, $"side {Side} and action {Action} must both be defined");
        }

        destination[0] = EventCodec.CurrentVersion;
        destination[1] = (byte)Side;
        destination[2] = (byte)Action;
        BinaryPrimitives.WriteInt64LittleEndian(destination[3..], Price);
        BinaryPrimitives.WriteInt64LittleEndian(destination[11..], Size);
        BinaryPrimitives.WriteUInt64LittleEndian(destination[19..], VenueSequence);
    }

    /// <inheritdoc/>
    public static bool TryReadPayload(ReadOnlySpan<byte> payload, in EventHeader header, out BookDelta value)
    {
        if (!Payload.IsCurrent(payload, EncodedSize) || !((BookSide)payload[1]).IsDefined() || !((BookAction)payload[2]).IsDefined())
        {
            value = default;
            return false;
        }

        value = new BookDelta(
            header.InstrumentId,
            header.TsEvent,
            header.TsRecv,
            Side: (BookSide)payload[1],
            Action: (BookAction)payload[2],
            Price: BinaryPrimitives.ReadInt64LittleEndian(payload[3..]),
            Size: BinaryPrimitives.ReadInt64LittleEndian(payload[11..]),
            VenueSequence: BinaryPrimitives.ReadUInt64LittleEndian(payload[19..]));
        return true;
    }
}
