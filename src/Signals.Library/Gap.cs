using System.Buffers.Binary;
using Signals.Library.Internal;

namespace Signals.Library;

/// <summary>
/// A stretch of data known to be missing. Journaling the gap itself lets replay and signals tell
/// "nothing happened" from "we did not see what happened".
/// </summary>
/// <param name="InstrumentId">The per-feed interned symbol id, or 0 when the whole feed is affected.</param>
/// <param name="TsEvent">Exchange time of the event that revealed the gap, UTC nanoseconds; TsRecv when the venue gave none.</param>
/// <param name="TsRecv">Our receive time, UTC nanoseconds since the epoch.</param>
/// <param name="Reason">Why data is missing.</param>
/// <param name="ExpectedVenueSequence">The venue sequence number we expected next, or 0 if not sequence-based.</param>
/// <param name="ReceivedVenueSequence">The venue sequence number we received instead, or 0 if not sequence-based.</param>
public readonly record struct Gap(
    uint InstrumentId, long TsEvent, long TsRecv, GapReason Reason, ulong ExpectedVenueSequence, ulong ReceivedVenueSequence)
    : IMarketEvent<Gap>
{
    // v1: version u8, reason u8, expected u64, received u64.
    private const int EncodedSize = 18;

    /// <inheritdoc/>
    public static EventKind Kind => EventKind.Gap;

    /// <inheritdoc/>
    public EventHeader Header => new(InstrumentId, TsEvent, TsRecv);

    /// <inheritdoc/>
    public int PayloadSize => EncodedSize;

    /// <inheritdoc/>
    public void WritePayload(Span<byte> destination)
    {
        Payload.EnsureCapacity(destination, EncodedSize, Kind);
        if (!Reason.IsDefined())
        {
            throw Payload.NotEncodable(Kind, $"reason {Reason} is not a defined {nameof(GapReason)}");
        }

        destination[0] = EventCodec.CurrentVersion;
        destination[1] = (byte)Reason;
        BinaryPrimitives.WriteUInt64LittleEndian(destination[2..], ExpectedVenueSequence);
        BinaryPrimitives.WriteUInt64LittleEndian(destination[10..], ReceivedVenueSequence);
    }

    /// <inheritdoc/>
    public static bool TryReadPayload(ReadOnlySpan<byte> payload, in EventHeader header, out Gap value)
    {
        if (!Payload.IsCurrent(payload, EncodedSize) || !((GapReason)payload[1]).IsDefined())
        {
            value = default;
            return false;
        }

        value = new Gap(
            header.InstrumentId,
            header.TsEvent,
            header.TsRecv,
            Reason: (GapReason)payload[1],
            ExpectedVenueSequence: BinaryPrimitives.ReadUInt64LittleEndian(payload[2..]),
            ReceivedVenueSequence: BinaryPrimitives.ReadUInt64LittleEndian(payload[10..]));
        return true;
    }
}
