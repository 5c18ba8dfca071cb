using System.Text;

namespace Market.Core.Bus;

public static partial class Subjects
{
    /// <summary>
    /// Turns any non-empty text (a venue symbol such as <c>BTC.D-25</c> or <c>KX/USD</c>) into exactly
    /// one valid, wildcard-free token, reversibly. Scheme: '%', '.', '*', '&gt;', whitespace and
    /// control characters become <c>%XX</c> for each of their UTF-8 bytes (upper-case hex, so '.' is
    /// <c>%2E</c> and '%' itself is <c>%25</c>); every other character is kept as it is.
    /// </summary>
    /// <exception cref="ArgumentException">The text is empty.</exception>
    public static string EscapeToken(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Length == 0) throw new ArgumentException("cannot escape an empty symbol: a subject token must be non-empty", nameof(text));
        if (!text.AsSpan().ContainsAny(MustEscapeAscii) && !text.Any(c => char.IsWhiteSpace(c) || char.IsControl(c))) return text;

        var builder = new StringBuilder(text.Length + 8);
        Span<byte> utf8 = stackalloc byte[4];
        foreach (var rune in text.EnumerateRunes())
        {
            if (!MustEscape(rune))
            {
                builder.Append(rune.ToString());
                continue;
            }
            var length = rune.EncodeToUtf8(utf8);
            for (var b = 0; b < length; b++) builder.Append('%').Append(utf8[b].ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
        }
        return builder.ToString();
    }

    /// <summary>Reverses <see cref="EscapeToken"/>.</summary>
    /// <exception cref="ArgumentException">The token holds a malformed escape or is not valid UTF-8 once unescaped.</exception>
    public static string UnescapeToken(string token)
    {
        ArgumentNullException.ThrowIfNull(token);
        if (!token.Contains('%', StringComparison.Ordinal)) return token;
        var builder = new StringBuilder(token.Length);
        var bytes = new List<byte>();
        for (var i = 0; i < token.Length; i++)
        {
            if (token[i] != '%')
            {
                Flush(bytes, builder, token);
                builder.Append(token[i]);
                continue;
            }
            if (i + 2 >= token.Length || !IsHex(token[i + 1]) || !IsHex(token[i + 2]))
            {
                throw new ArgumentException($"token '{token}' has a malformed escape at index {i}: '%' must be followed by two hex digits", nameof(token));
            }
            bytes.Add(Convert.ToByte(token.Substring(i + 1, 2), 16));
            i += 2;
        }
        Flush(bytes, builder, token);
        return builder.ToString();
    }

    private const string MustEscapeAscii = "%.*>";

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private static bool MustEscape(Rune rune) =>
        (rune.IsAscii && MustEscapeAscii.Contains((char)rune.Value, StringComparison.Ordinal)) || Rune.IsWhiteSpace(rune) || Rune.IsControl(rune);

    private static bool IsHex(char c) => char.IsAsciiHexDigit(c);

    // Escaped bytes are decoded together so multi-byte characters come back whole.
    private static void Flush(List<byte> bytes, StringBuilder builder, string token)
    {
        if (bytes.Count == 0) return;
        try
        {
            builder.Append(StrictUtf8.GetString(bytes.ToArray()));
        }
        catch (DecoderFallbackException e)
        {
            throw new ArgumentException($"token '{token}' unescapes to bytes that are not valid UTF-8", nameof(token), e);
        }
        bytes.Clear();
    }
}
