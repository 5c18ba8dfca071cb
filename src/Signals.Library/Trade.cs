using System.Buffers.Binary;
using Signals.Library.Internal;

namespace Signals.Library;

/// <summary>An executed trade.</summary>
/// <param name="InstrumentId">The per-feed interned symbol id.</param>
/// <param name="TsEvent">Exchange time, UTC nanoseconds since the epoch.</param>
/// <param name="TsRecv">Our receive time, UTC nanoseconds since the epoch.</param>
/// <param name="Price">Price at scale 1e-9 (see <see cref="FixedPoint"/>).</param>
/// <param name="Size">Quantity at scale 1e-9.</param>
/// <param name="Aggressor">The side that crossed the spread, or <see cref="Side.None"/> if unknown.</param>
/// <param name="TradeId">The venue's trade id when it is numeric, else 0.</param>
public readonly record struct Trade(
    uint InstrumentId, long TsEvent, long TsRecv, long Price, long Size, Side Aggressor, ulong TradeId)
    : IMarketEvent<Trade>
{
    // v1: version u8, aggressor u8, price i64, size i64, trade id u64.
    private const int EncodedSize = 26;

    /// <inheritdoc/>
    public static EventKind Kind => EventKind.Trade;

    /// <inheritdoc/>
    public EventHeader Header => new(InstrumentId, TsEvent, TsRecv);

    /// <inheritdoc/>
    public int PayloadSize => EncodedSize;

    /// <inheritdoc/>
    public void WritePayload(Span<byte> destination)
    {
        Payload.EnsureCapacity(destination, EncodedSize, Kind);
        if (!Aggressor.IsDefined())
        {
            throw Payload.NotEncodable(Kind, $"aggressor {Aggressor} is not a defined {nameof(Side)}");
        }

        destination[0] = EventCodec.CurrentVersion;
        destination[1] = (byte)Aggressor;
        BinaryPrimitives.WriteInt64LittleEndian(destination[2..], Price);
        BinaryPrimitives.WriteInt64LittleEndian(destination[10..], Size);
        BinaryPrimitives.WriteUInt64LittleEndian(destination[18..], TradeId);
    }

    /// <inheritdoc/>
    public static bool TryReadPayload(ReadOnlySpan<byte> payload, in EventHeader header, out Trade value)
    {
        if (!Payload.IsCurrent(payload, EncodedSize) || !((Side)payload[1]).IsDefined())
        {
            value = default;
            return false;
        }

        value = new Trade(
            header.InstrumentId,
            header.TsEvent,
            header.TsRecv,
            Price: BinaryPrimitives.ReadInt64LittleEndian(payload[2..]),
            Size: BinaryPrimitives.ReadInt64LittleEndian(payload[10..]),
            Aggressor: (Side)payload[1],
            TradeId: BinaryPrimitives.ReadUInt64LittleEndian(payload[18..]));
        return true;
    }
}
