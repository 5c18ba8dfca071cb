using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;
using Market.Core.Journal;
using Signals.Library;

namespace Market.Core.Fanout;

/// <summary>
/// The wire form of one journal record on the bus: a self-contained binary record, so a consumer
/// needs nothing but the payload (the headers from <see cref="FanoutHeaders"/> only let it skip
/// messages without decoding them).
/// </summary>
/// <remarks>
/// Version 1, little-endian, the journal's field order with the CRC slot holding the version
/// (the bus and the transport already guard integrity):
/// <c>u32 length | u32 version | i64 seq | i64 tsEvent | i64 tsRecv | u32 instrument | u8 kind |
/// u8 flags | u16 reserved | payload</c>. <c>length</c> counts header and payload and must equal
/// the message length, so a truncated or padded message is rejected.
/// </remarks>
public static class RecordCodec
{
    /// <summary>The format version this build writes and reads.</summary>
    public const uint Version = 1;

    /// <summary>Bytes before the event payload.</summary>
    public const int HeaderSize = 40;

    /// <summary>Largest event payload accepted: the journal's own limit.</summary>
    public const int MaxPayloadSize = 16 * 1024 * 1024;

    private const int VersionOffset = 4;
    private const int SequenceOffset = 8;
    private const int TsEventOffset = 16;
    private const int TsRecvOffset = 24;
    private const int InstrumentOffset = 32;
    private const int KindOffset = 36;
    private const int FlagsOffset = 37;
    private const int ReservedOffset = 38;

    /// <summary>The encoded size of a record with <paramref name="payloadLength"/> payload bytes.</summary>
    public static int GetEncodedLength(int payloadLength) => HeaderSize + payloadLength;

    /// <summary>Encodes <paramref name="record"/> into <paramref name="destination"/>; false if it does not fit or the payload is too large.</summary>
    public static bool TryEncode(in JournalRecord record, Span<byte> destination, out int written)
    {
        written = 0;
        var payload = record.Payload;
        if (payload.Length > MaxPayloadSize || destination.Length < HeaderSize + payload.Length) return false;
        var length = HeaderSize + payload.Length;
        BinaryPrimitives.WriteUInt32LittleEndian(destination, (uint)length);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[VersionOffset..], Version);
        BinaryPrimitives.WriteInt64LittleEndian(destination[SequenceOffset..], record.Sequence);
        BinaryPrimitives.WriteInt64LittleEndian(destination[TsEventOffset..], record.TsEvent);
        BinaryPrimitives.WriteInt64LittleEndian(destination[TsRecvOffset..], record.TsRecv);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[InstrumentOffset..], record.InstrumentId);
        destination[KindOffset] = (byte)record.Kind;
        destination[FlagsOffset] = (byte)record.Flags;
        BinaryPrimitives.WriteUInt16LittleEndian(destination[ReservedOffset..], 0);
        payload.CopyTo(destination[HeaderSize..]);
        written = length;
        return true;
    }

    /// <summary>Encodes <paramref name="record"/> into a new array.</summary>
    /// <exception cref="ArgumentException">The payload exceeds <see cref="MaxPayloadSize"/>.</exception>
    public static byte[] Encode(in JournalRecord record)
    {
        if (record.Payload.Length > MaxPayloadSize)
        {
            throw new ArgumentException($"payload of {record.Payload.Length} bytes exceeds the {MaxPayloadSize}-byte limit of the bus record format", nameof(record));
        }
        var bytes = new byte[GetEncodedLength(record.Payload.Length)];
        TryEncode(record, bytes, out _);
        return bytes;
    }

    /// <summary>Encodes an entry already copied out of the journal.</summary>
    public static byte[] Encode(JournalEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        return Encode(new JournalRecord(entry.Sequence, entry.Kind, entry.Flags, entry.InstrumentId, entry.TsEvent, entry.TsRecv, entry.Payload));
    }

    /// <summary>
    /// Decodes a bus payload; false when it is short, its length field disagrees with its size, its
    /// version is unknown, or a field is out of range.
    /// </summary>
    public static bool TryDecode(ReadOnlySpan<byte> data, [NotNullWhen(true)] out JournalEntry? entry)
    {
        entry = null;
        if (data.Length < HeaderSize) return false;
        var length = BinaryPrimitives.ReadUInt32LittleEndian(data);
        if (length != (uint)data.Length || length - HeaderSize > MaxPayloadSize) return false;
        if (BinaryPrimitives.ReadUInt32LittleEndian(data[VersionOffset..]) != Version) return false;
        var sequence = BinaryPrimitives.ReadInt64LittleEndian(data[SequenceOffset..]);
        var kind = (EventKind)data[KindOffset];
        if (sequence < 1 || kind == EventKind.None || !Enum.IsDefined(kind)) return false;
        if (BinaryPrimitives.ReadUInt16LittleEndian(data[ReservedOffset..]) != 0) return false;
        entry = new JournalEntry(
            sequence,
            kind,
            (RecordFlags)data[FlagsOffset],
            BinaryPrimitives.ReadUInt32LittleEndian(data[InstrumentOffset..]),
            BinaryPrimitives.ReadInt64LittleEndian(data[TsEventOffset..]),
            BinaryPrimitives.ReadInt64LittleEndian(data[TsRecvOffset..]),
            data[HeaderSize..].ToArray());
        return true;
    }
}
