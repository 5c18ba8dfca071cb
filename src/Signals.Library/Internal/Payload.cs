using System.Text;

namespace Signals.Library.Internal;

/// <summary>Checks every payload codec shares.</summary>
internal static class Payload
{
    /// <summary>
    /// UTF-8 that throws on lone surrogates instead of substituting U+FFFD, so text is stored
    /// exactly or not at all.
    /// </summary>
    public static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>Fails before the first byte is written, so a short buffer never holds half a payload.</summary>
    public static void EnsureCapacity(Span<byte> destination, int size, EventKind kind)
    {
        if (destination.Length < size)
        {
            throw new ArgumentException($"The {kind} payload needs {size} bytes; the destination holds {destination.Length}.", nameof(destination));
        }
    }

    /// <summary>The error for an event whose fields the format cannot represent.</summary>
    public static ArgumentException NotEncodable(EventKind kind, string why) => new($"Cannot encode the {kind}: {why}.");

    /// <summary>Whether a fixed-size payload has the exact length and the current version.</summary>
    public static bool IsCurrent(ReadOnlySpan<byte> payload, int size)
        => payload.Length == size && payload[0] == EventCodec.CurrentVersion;

    /// <summary>Whether a variable-size payload has at least its fixed part and the current version.</summary>
    public static bool IsCurrentAtLeast(ReadOnlySpan<byte> payload, int fixedSize)
        => payload.Length >= fixedSize && payload[0] == EventCodec.CurrentVersion;
}
