using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Market.Core.Journal;

namespace Market.Core.Fanout;

/// <summary>A request to <see cref="JournalReadService"/>: up to <paramref name="MaxRecords"/> records of <paramref name="Feed"/> from <paramref name="FromSequence"/> on.</summary>
/// <param name="Feed">The feed's name (its subject token).</param>
/// <param name="FromSequence">The first sequence wanted (1 or more).</param>
/// <param name="MaxRecords">The most records wanted; the service caps it.</param>
public sealed record JournalReadRequest(
    [property: JsonPropertyName("feed")] string Feed,
    [property: JsonPropertyName("from_sequence")] long FromSequence,
    [property: JsonPropertyName("max_records")] int MaxRecords = JournalReadRequest.DefaultMaxRecords)
{
    /// <summary>Records per reply unless asked for fewer.</summary>
    public const int DefaultMaxRecords = 4096;

    /// <summary>The JSON the request travels as.</summary>
    public byte[] ToJson() => JsonSerializer.SerializeToUtf8Bytes(this);

    /// <summary>Parses a JSON request; false (with a reason) when it is not one.</summary>
    public static bool TryParse(ReadOnlySpan<byte> json, [NotNullWhen(true)] out JournalReadRequest? request, out string error)
    {
        request = null;
        try
        {
            request = JsonSerializer.Deserialize<JournalReadRequest>(json);
        }
        catch (JsonException e)
        {
            error = $"not a journal read request: {e.Message}";
            return false;
        }
        error = request is null || string.IsNullOrEmpty(request.Feed) ? "the request names no feed"
            : request.FromSequence < 1 ? "from_sequence starts at 1"
            : request.MaxRecords < 1 ? "max_records must be at least 1"
            : "";
        if (error.Length > 0) request = null;
        return request is not null;
    }
}

/// <summary>
/// A reply of <see cref="JournalReadService"/>: the records, the symbols of their instruments, the
/// last sequence the reply covers (records after it were not examined) and whether the journal holds more.
/// </summary>
/// <param name="Records">Records in sequence order.</param>
/// <param name="Symbols">Symbols of the instruments in <paramref name="Records"/> that the feed knows.</param>
/// <param name="LastSequence">Every record of the feed up to here is in this reply or was never held (retention); the journal's end when it had nothing after the start.</param>
/// <param name="More">The journal holds records after <paramref name="LastSequence"/>.</param>
/// <param name="Error">Why the read failed (unknown feed, bad request); null on success.</param>
public sealed record JournalReadReply(IReadOnlyList<JournalEntry> Records, IReadOnlyDictionary<uint, string> Symbols, long LastSequence, bool More, string? Error = null)
{
    // u32 magic | u8 status (0 ok, 1 error) | i64 last | u8 more | u32 symbols | u32 records, then
    // symbols (u32 id, u16 length, UTF-8) and records (RecordCodec, which starts with its own length).
    private const uint Magic = 0x31524A44; // "DJR1"
    private const int HeaderSize = 22;

    /// <summary>A failed read.</summary>
    public static JournalReadReply Failed(string error) => new([], new Dictionary<uint, string>(), 0, false, error);

    /// <summary>The binary form.</summary>
    public byte[] Encode()
    {
        if (Error is not null)
        {
            var text = Encoding.UTF8.GetBytes(Error);
            var failed = new byte[HeaderSize + text.Length];
            BinaryPrimitives.WriteUInt32LittleEndian(failed, Magic);
            failed[4] = 1;
            text.CopyTo(failed, HeaderSize);
            return failed;
        }
        var size = HeaderSize + Symbols.Sum(s => 6 + Encoding.UTF8.GetByteCount(s.Value)) + Records.Sum(r => RecordCodec.GetEncodedLength(r.Payload.Length));
        var bytes = new byte[size];
        var span = bytes.AsSpan();
        BinaryPrimitives.WriteUInt32LittleEndian(span, Magic);
        BinaryPrimitives.WriteInt64LittleEndian(span[5..], LastSequence);
        span[13] = More ? (byte)1 : (byte)0;
        BinaryPrimitives.WriteUInt32LittleEndian(span[14..], (uint)Symbols.Count);
        BinaryPrimitives.WriteUInt32LittleEndian(span[18..], (uint)Records.Count);
        var at = HeaderSize;
        foreach (var (id, symbol) in Symbols)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(span[at..], id);
            var length = Encoding.UTF8.GetBytes(symbol, span[(at + 6)..]);
            BinaryPrimitives.WriteUInt16LittleEndian(span[(at + 4)..], (ushort)length);
            at += 6 + length;
        }
        foreach (var record in Records)
        {
            var encoded = RecordCodec.Encode(record);
            encoded.CopyTo(span[at..]);
            at += encoded.Length;
        }
        return bytes;
    }

    /// <summary>Decodes a reply; false when the bytes are not one (truncated, another format).</summary>
    public static bool TryDecode(ReadOnlySpan<byte> data, [NotNullWhen(true)] out JournalReadReply? reply)
    {
        reply = null;
        if (data.Length < HeaderSize || BinaryPrimitives.ReadUInt32LittleEndian(data) != Magic) return false;
        if (data[4] == 1)
        {
            reply = Failed(Encoding.UTF8.GetString(data[HeaderSize..]));
            return true;
        }
        var last = BinaryPrimitives.ReadInt64LittleEndian(data[5..]);
        var more = data[13] == 1;
        var symbolCount = BinaryPrimitives.ReadUInt32LittleEndian(data[14..]);
        var recordCount = BinaryPrimitives.ReadUInt32LittleEndian(data[18..]);
        var at = HeaderSize;
        var symbols = new Dictionary<uint, string>();
        for (var i = 0u; i < symbolCount; i++)
        {
            if (data.Length - at < 6) return false;
            var id = BinaryPrimitives.ReadUInt32LittleEndian(data[at..]);
            var length = BinaryPrimitives.ReadUInt16LittleEndian(data[(at + 4)..]);
            if (data.Length - at - 6 < length) return false;
            symbols[id] = Encoding.UTF8.GetString(data.Slice(at + 6, length));
            at += 6 + length;
        }
        var records = new List<JournalEntry>((int)Math.Min(recordCount, 65_536));
        for (var i = 0u; i < recordCount; i++)
        {
            if (data.Length - at < RecordCodec.HeaderSize) return false;
            var length = BinaryPrimitives.ReadUInt32LittleEndian(data[at..]);
            if (length > data.Length - at || !RecordCodec.TryDecode(data.Slice(at, (int)length), out var entry)) return false;
            records.Add(entry);
            at += (int)length;
        }
        if (at != data.Length) return false;
        reply = new JournalReadReply(records, symbols, last, more);
        return true;
    }
}
