using System.Text;
using System.Text.Json;
using Signals.Library;

namespace Market.Core.Feeds.Capture;

/// <summary>
/// Reads captures in cryptofeed's recording format (one JSON object per line: <c>t</c>, <c>conn</c>,
/// <c>ts</c> in epoch seconds, and for <c>recv</c> the venue's frame as a JSON string), as in
/// <c>shared/data</c>. A line that is not such an object is reported with its line number.
/// </summary>
public static class CaptureReader
{
    /// <summary>The frames of a capture file, in file order.</summary>
    public static IEnumerable<CaptureFrame> Read(string path)
    {
        var number = 0;
        foreach (var line in File.ReadLines(path, Encoding.UTF8))
        {
            number++;
            if (line.Length == 0) continue;
            yield return Parse(Encoding.UTF8.GetBytes(line), path, number);
        }
    }

    private static CaptureFrame Parse(byte[] line, string path, int number)
    {
        string? type = null, connection = null, url = null;
        long ts = 0;
        byte[] data = [];
        try
        {
            var reader = new Utf8JsonReader(line);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject) throw new FormatException("not a JSON object");
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
                        var text = Encoding.UTF8.GetString(reader.HasValueSequence ? System.Buffers.BuffersExtensions.ToArray(reader.ValueSequence) : reader.ValueSpan.ToArray());
                        if (!UnixNanos.TryParseUnixSecondsDecimal(text, out ts)) throw new FormatException($"ts '{text}' is not decimal seconds");
                        break;
                    case "data": data = reader.TokenType == JsonTokenType.String ? Encoding.UTF8.GetBytes(reader.GetString()!) : []; break;
                    default: reader.Skip(); break;
                }
            }
        }
        catch (Exception e) when (e is JsonException or FormatException or InvalidOperationException)
        {
            throw new FormatException($"{path}:{number}: not a capture line: {e.Message}", e);
        }
        return new CaptureFrame(type ?? throw new FormatException($"{path}:{number}: no 't' field"), connection ?? "", ts, data, url);
    }
}
