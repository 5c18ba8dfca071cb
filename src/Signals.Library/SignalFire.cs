using System.Buffers.Binary;
using System.Text;
using Signals.Library.Internal;

namespace Signals.Library;

/// <summary>
/// One fire of a signal, as journaled in the signal journal and published on
/// <c>{env}.signals.{name}</c>: which signal (name, commit SHA, source hash), what triggered it
/// (feed, symbol, journal sequence), when on the event clock, and what it said.
/// </summary>
/// <param name="InstrumentId">In the signal journal, the interned signal name.</param>
/// <param name="TsEvent">The event clock when it fired (the trigger's receive time), UTC ns.</param>
/// <param name="TsRecv">The same event clock: fires are stamped on event time so a replay reproduces them byte for byte.</param>
/// <param name="Type">Fire, alert or trade signal.</param>
/// <param name="Side">For a trade signal, buy or sell; otherwise <see cref="Side.None"/>.</param>
/// <param name="TriggerSequence">The triggering event's journal sequence in its feed; 0 for a timer.</param>
/// <param name="Signal">The signal's name.</param>
/// <param name="Commit">The signals-repository commit the signal was loaded from (empty for a draft).</param>
/// <param name="SourceHash">SHA-256 of the signal's source, hex.</param>
/// <param name="Feed">The trigger's feed.</param>
/// <param name="Symbol">The trigger's symbol.</param>
/// <param name="Message">What the signal said.</param>
/// <param name="Fields">The named values it attached.</param>
public readonly record struct SignalFire(
    uint InstrumentId, long TsEvent, long TsRecv, FireKind Type, Side Side, long TriggerSequence,
    string Signal, string Commit, string SourceHash, string Feed, string Symbol, string Message, FireField[] Fields)
    : IMarketEvent<SignalFire>
{
    /// <summary>The longest message, in characters.</summary>
    public const int MaxMessageLength = 256;

    /// <summary>The most fields a fire carries.</summary>
    public const int MaxFields = 8;

    // v1: version u8, type u8, side u8, trigger sequence i64, then six u16-prefixed UTF-8 strings
    // (signal, commit, source hash, feed, symbol, message), a u8 field count and the fields: a
    // u8-prefixed name, a kind u8 and either 8 value bytes or a u16-prefixed UTF-8 text.
    private const int FixedSize = 11;

    /// <summary>The fields; never null, even on a default instance.</summary>
    public FireField[] Fields { get => field ?? []; init; } = Fields;

    /// <inheritdoc/>
    public static EventKind Kind => EventKind.SignalFire;

    /// <inheritdoc/>
    public EventHeader Header => new(InstrumentId, TsEvent, TsRecv);

    /// <inheritdoc/>
    public int PayloadSize
    {
        get
        {
            var size = FixedSize + 1;
            foreach (var text in Texts()) size += 2 + Payload.StrictUtf8.GetByteCount(text ?? "");
            foreach (var f in Fields)
            {
                size += 1 + Payload.StrictUtf8.GetByteCount(f.Name ?? "") + 1;
                size += f.Kind == FireFieldKind.Text ? 2 + Payload.StrictUtf8.GetByteCount(f.Text) : 8;
            }
            return size;
        }
    }

    /// <inheritdoc/>
    public void WritePayload(Span<byte> destination)
    {
        Payload.EnsureCapacity(destination, PayloadSize, Kind);
        if (Fields.Length > MaxFields) throw Payload.NotEncodable(Kind, $"{Fields.Length} fields; the limit is {MaxFields}");
        if (!Enum.IsDefined(Type) || !Enum.IsDefined(Side)) throw Payload.NotEncodable(Kind, $"type {Type} or side {Side} is not defined");
        destination[0] = EventCodec.CurrentVersion;
        destination[1] = (byte)Type;
        destination[2] = (byte)Side;
        BinaryPrimitives.WriteInt64LittleEndian(destination[3..], TriggerSequence);
        var at = FixedSize;
        foreach (var text in Texts()) at += WriteText(destination[at..], text ?? "", ushort.MaxValue, 2);
        destination[at++] = (byte)Fields.Length;
        foreach (var f in Fields)
        {
            at += WriteText(destination[at..], f.Name ?? "", byte.MaxValue, 1);
            destination[at++] = (byte)f.Kind;
            switch (f.Kind)
            {
                case FireFieldKind.Text:
                    at += WriteText(destination[at..], f.Text, ushort.MaxValue, 2);
                    break;
                case FireFieldKind.Number:
                    BinaryPrimitives.WriteDoubleLittleEndian(destination[at..], f.Number);
                    at += 8;
                    break;
                default:
                    BinaryPrimitives.WriteInt64LittleEndian(destination[at..], f.Integer);
                    at += 8;
                    break;
            }
        }
    }

    /// <inheritdoc/>
    public static bool TryReadPayload(ReadOnlySpan<byte> payload, in EventHeader header, out SignalFire value)
    {
        value = default;
        if (!Payload.IsCurrentAtLeast(payload, FixedSize + 1)) return false;
        var kind = (FireKind)payload[1];
        var side = (Side)payload[2];
        if (!Enum.IsDefined(kind) || !Enum.IsDefined(side)) return false;
        var at = FixedSize;
        var texts = new string[6];
        for (var i = 0; i < texts.Length; i++)
        {
            if (!TryReadText(payload, ref at, 2, out texts[i])) return false;
        }
        if (at >= payload.Length) return false;
        int count = payload[at++];
        if (count > MaxFields) return false;
        var fields = new FireField[count];
        for (var i = 0; i < count; i++)
        {
            if (!TryReadText(payload, ref at, 1, out var name) || at >= payload.Length) return false;
            var fieldKind = (FireFieldKind)payload[at++];
            switch (fieldKind)
            {
                case FireFieldKind.Text:
                    if (!TryReadText(payload, ref at, 2, out var text)) return false;
                    fields[i] = FireField.Of(name, text);
                    break;
                case FireFieldKind.Number or FireFieldKind.Integer or FireFieldKind.Flag:
                    if (payload.Length - at < 8) return false;
                    var bits = payload.Slice(at, 8);
                    at += 8;
                    fields[i] = fieldKind switch
                    {
                        FireFieldKind.Number => FireField.Of(name, BinaryPrimitives.ReadDoubleLittleEndian(bits)),
                        FireFieldKind.Integer => FireField.Of(name, BinaryPrimitives.ReadInt64LittleEndian(bits)),
                        _ => FireField.Of(name, BinaryPrimitives.ReadInt64LittleEndian(bits) != 0),
                    };
                    break;
                default:
                    return false;
            }
        }
        if (at != payload.Length) return false;
        value = new SignalFire(header.InstrumentId, header.TsEvent, header.TsRecv, kind, side,
            BinaryPrimitives.ReadInt64LittleEndian(payload[3..]), texts[0], texts[1], texts[2], texts[3], texts[4], texts[5], fields);
        return true;
    }

    /// <summary>Fires are equal when every value and every field is.</summary>
    /// <param name="other">The other fire.</param>
    /// <returns>True when equal.</returns>
    public bool Equals(SignalFire other) =>
        InstrumentId == other.InstrumentId && TsEvent == other.TsEvent && TsRecv == other.TsRecv && Type == other.Type
        && Side == other.Side && TriggerSequence == other.TriggerSequence && Signal == other.Signal && Commit == other.Commit
        && SourceHash == other.SourceHash && Feed == other.Feed && Symbol == other.Symbol && Message == other.Message
        && Fields.AsSpan().SequenceEqual(other.Fields);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(Signal, TsEvent, TriggerSequence, Message, Fields.Length);

    private string?[] Texts() => [Signal, Commit, SourceHash, Feed, Symbol, Message];

    private static int WriteText(Span<byte> destination, string text, int max, int prefix)
    {
        var bytes = Payload.StrictUtf8.GetBytes(text, destination[prefix..]);
        if (bytes > max) throw Payload.NotEncodable(EventKind.SignalFire, $"a text of {bytes} UTF-8 bytes is over {max}");
        if (prefix == 1) destination[0] = (byte)bytes;
        else BinaryPrimitives.WriteUInt16LittleEndian(destination, (ushort)bytes);
        return prefix + bytes;
    }

    private static bool TryReadText(ReadOnlySpan<byte> payload, ref int at, int prefix, out string text)
    {
        text = "";
        if (payload.Length - at < prefix) return false;
        int length = prefix == 1 ? payload[at] : BinaryPrimitives.ReadUInt16LittleEndian(payload[at..]);
        at += prefix;
        if (payload.Length - at < length) return false;
        var bytes = payload.Slice(at, length);
        if (!System.Text.Unicode.Utf8.IsValid(bytes)) return false;
        text = Encoding.UTF8.GetString(bytes);
        at += length;
        return true;
    }
}
