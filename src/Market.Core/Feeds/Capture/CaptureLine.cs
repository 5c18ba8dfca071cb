using System.Text;
using System.Text.Json;
using Signals.Library;

namespace Market.Core.Feeds.Capture;

/// <summary>
/// One line of a capture read leniently: a cryptofeed envelope, a raw venue message, or neither.
/// Unlike <see cref="CaptureReader"/>, a bad line is reported, not thrown, so a replay can dead-letter it and go on.
/// </summary>
internal static class CaptureLine
{
    /// <summary>An envelope line as a frame; a JSON object without <c>t</c> as a raw message (frame null); false when not a JSON object.</summary>
    public static bool TryParse(byte[] line, out CaptureFrame? frame, out string error)
    {
        frame = null;
        error = "";
        string? type = null, connection = null, url = null;
        long ts = 0;
        byte[] data = [];
        try
        {
            var reader = new Utf8JsonReader(line);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                error = "not a JSON object";
                return false;
            }
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var name = reader.GetString();
                reader.Read();
                switch (name)
                {
                    case "t": type = reader.GetString(); break;
                    case "conn": connection = reader.GetString(); break;
                    case "addr" or "url": url = reader.GetString(); break;
                    case "ts":
                        // Exact: the decimal text, never through double.
                        var text = Encoding.UTF8.GetString(reader.ValueSpan);
                        if (!UnixNanos.TryParseUnixSecondsDecimal(text, out ts)) throw new FormatException($"ts '{text}' is not decimal seconds");
                        break;
                    case "data": data = reader.TokenType == JsonTokenType.String ? Encoding.UTF8.GetBytes(reader.GetString()!) : []; break;
                    default: reader.Skip(); break;
                }
            }
            if (reader.TokenType != JsonTokenType.EndObject) throw new FormatException("object not closed");
        }
        catch (Exception e) when (e is JsonException or FormatException or InvalidOperationException)
        {
            error = e.Message;
            return false;
        }
        if (type is not null) frame = new CaptureFrame(type, connection ?? "", ts, data, url);
        return true;
    }

    /// <summary>The symbol of a <c>/fapi/v1/depth?symbol=X</c> request, or null for any other address.</summary>
    public static string? DepthSymbol(string? url)
    {
        if (url is null || !url.Contains("/depth?", StringComparison.Ordinal)) return null;
        foreach (var pair in url[(url.IndexOf('?', StringComparison.Ordinal) + 1)..].Split('&'))
        {
            if (pair.StartsWith("symbol=", StringComparison.Ordinal)) return Uri.UnescapeDataString(pair["symbol=".Length..]);
        }
        return null;
    }
}
