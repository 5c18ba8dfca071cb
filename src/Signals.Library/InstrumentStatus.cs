using System.Buffers.Binary;
using System.Text;
using System.Text.Unicode;
using Signals.Library.Internal;

namespace Signals.Library;

/// <summary>An instrument's trading state or definition: its status, tick and lot sizes, and a short note.</summary>
/// <param name="InstrumentId">The per-feed interned symbol id.</param>
/// <param name="TsEvent">Exchange time, UTC nanoseconds since the epoch.</param>
/// <param name="TsRecv">Our receive time, UTC nanoseconds since the epoch.</param>
/// <param name="Status">The trading state.</param>
/// <param name="TickSize">The minimum price increment at scale 1e-9, or 0 if unknown.</param>
/// <param name="LotSize">The minimum quantity increment at scale 1e-9, or 0 if unknown.</param>
/// <param name="Text">A short reason or definition note.</param>
public readonly record struct InstrumentStatus(
    uint InstrumentId, long TsEvent, long TsRecv, TradingStatus Status, long TickSize, long LotSize, string Text)
    : IMarketEvent<InstrumentStatus>
{
    /// <summary>The longest <see cref="Text"/> the encoder accepts, in UTF-8 bytes.</summary>
    public const int MaxTextBytes = 1024;

    // v1: version u8, status u8, tick size i64, lot size i64, text length u16, then the UTF-8 text.
    private const int FixedSize = 20;

    /// <summary>
    /// A short reason or definition note, at most <see cref="MaxTextBytes"/> of UTF-8 and valid
    /// UTF-16 (no lone surrogates). Never null, even on a default instance.
    /// </summary>
    public string Text { get => field ?? string.Empty; init; } = Text;

    /// <inheritdoc/>
    public static EventKind Kind => EventKind.InstrumentStatus;

    /// <inheritdoc/>
    public EventHeader Header => new(InstrumentId, TsEvent, TsRecv);

    /// <inheritdoc/>
    /// <exception cref="ArgumentException"><see cref="Text"/> holds a lone surrogate, which UTF-8 cannot carry.</exception>
    public int PayloadSize => FixedSize + Payload.StrictUtf8.GetByteCount(Text);

    /// <inheritdoc/>
    public void WritePayload(Span<byte> destination)
    {
        var textBytes = PayloadSize - FixedSize;
        Payload.EnsureCapacity(destination, FixedSize + textBytes, Kind);
        if (textBytes > MaxTextBytes)
        {
            throw Payload.NotEncodable(Kind, $"the text is {textBytes} UTF-8 bytes; the limit is {MaxTextBytes}");
        }

        if (!Status.IsDefined())
        {
            throw Payload.NotEncodable(Kind, $"status {Status} is not a defined {nameof(TradingStatus)}");
        }

        destination[0] = EventCodec.CurrentVersion;
        destination[1] = (byte)Status;
        BinaryPrimitives.WriteInt64LittleEndian(destination[2..], TickSize);
        BinaryPrimitives.WriteInt64LittleEndian(destination[10..], LotSize);
        BinaryPrimitives.WriteUInt16LittleEndian(destination[18..], (ushort)textBytes);
        Payload.StrictUtf8.GetBytes(Text, destination[FixedSize..]);
    }

    /// <inheritdoc/>
    public static bool TryReadPayload(ReadOnlySpan<byte> payload, in EventHeader header, out InstrumentStatus value)
    {
        value = default;
        if (!Payload.IsCurrentAtLeast(payload, FixedSize) || !((TradingStatus)payload[1]).IsDefined())
        {
            return false;
        }

        var text = payload[FixedSize..];
        var textBytes = BinaryPrimitives.ReadUInt16LittleEndian(payload[18..]);
        if (textBytes > MaxTextBytes || text.Length != textBytes || !Utf8.IsValid(text))
        {
            return false;
        }

        value = new InstrumentStatus(
            header.InstrumentId,
            header.TsEvent,
            header.TsRecv,
            Status: (TradingStatus)payload[1],
            TickSize: BinaryPrimitives.ReadInt64LittleEndian(payload[2..]),
            LotSize: BinaryPrimitives.ReadInt64LittleEndian(payload[10..]),
            Text: Encoding.UTF8.GetString(text));
        return true;
    }
}
