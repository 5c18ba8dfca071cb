using System.Buffers;
using System.Buffers.Text;
using System.Text;

namespace Market.Core.Bus.Nats.Internal;

/// <summary>
/// Reads a <c>NATS/1.0[ status[ description]]</c> header block. A name sent more than once (NATS
/// headers are multi-valued) comes back as one entry whose values are joined with ", ", the HTTP
/// field-combination rule, because <see cref="BusHeaders"/> holds one value per name.
/// </summary>
internal static class NatsHeaderParser
{
    /// <summary>The status code of the version line (503 for no responders), or 0 when it has none.</summary>
    public static int Status(ReadOnlySpan<byte> block)
    {
        var end = block.IndexOf("\r\n"u8);
        var line = end < 0 ? block : block[..end];
        if (line.Length < 12 || !line.StartsWith("NATS/1.0 "u8)) return 0;
        return Utf8Parser.TryParse(line[9..], out int status, out _) ? status : 0;
    }

    /// <summary>The description after the status code (e.g. "No Messages"), or empty.</summary>
    public static string Description(ReadOnlySpan<byte> block)
    {
        var end = block.IndexOf("\r\n"u8);
        var line = end < 0 ? block : block[..end];
        return line.Length > 13 ? Encoding.UTF8.GetString(line[13..]).Trim() : "";
    }

    /// <summary>The headers, or null when the block holds none (e.g. only a status line); names come from <paramref name="names"/>.</summary>
    public static BusHeaders? Parse(ReadOnlySpan<byte> block, Utf8StringPool names)
    {
        var end = block.IndexOf("\r\n"u8);
        if (end < 0) return null;
        block = block[(end + 2)..];
        BusHeaders? headers = null;
        while (true)
        {
            end = block.IndexOf("\r\n"u8);
            if (end <= 0) return headers;
            var line = block[..end];
            block = block[(end + 2)..];
            var colon = line.IndexOf((byte)':');
            if (colon <= 0) continue;
            var name = names.Get(line[..colon]);
            // Trimming the bytes first decodes the value once; Trim() then allocates only for non-ASCII white space.
            var value = Encoding.UTF8.GetString(line[(colon + 1)..].Trim(" \t"u8)).Trim();
            headers ??= [];
            headers[name] = headers.TryGetValue(name, out var earlier) ? earlier + ", " + value : value;
        }
    }

    /// <summary>Copies a possibly multi-segment block to one span-friendly array when needed.</summary>
    public static ReadOnlySpan<byte> Flatten(in ReadOnlySequence<byte> block) => block.IsSingleSegment ? block.FirstSpan : block.ToArray();
}
