using System.Text;

namespace Market.Core.Bus.Nats.Internal;

/// <summary>
/// Decodes UTF-8 to strings, handing back the same instance for text seen before, so text that
/// repeats (subjects, header names) is decoded and allocated once. Holds at most
/// <paramref name="capacity"/> strings and starts over when full. Not thread-safe: one reader owns it.
/// </summary>
internal sealed class Utf8StringPool(int capacity)
{
    private const int MaxPooledChars = 256;

    private readonly Dictionary<string, string> _strings = new(StringComparer.Ordinal);

    /// <summary>The text of <paramref name="utf8"/>; text over 256 characters is decoded afresh each time.</summary>
    public string Get(ReadOnlySpan<byte> utf8)
    {
        Span<char> chars = stackalloc char[MaxPooledChars];
        if (utf8.Length > chars.Length) return Encoding.UTF8.GetString(utf8);
        var length = Encoding.UTF8.GetChars(utf8, chars);
        var lookup = _strings.GetAlternateLookup<ReadOnlySpan<char>>();
        if (lookup.TryGetValue(chars[..length], out var pooled)) return pooled;
        var text = new string(chars[..length]);
        if (_strings.Count >= capacity) _strings.Clear();
        _strings[text] = text;
        return text;
    }
}
