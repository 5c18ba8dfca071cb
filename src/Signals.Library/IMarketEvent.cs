namespace Signals.Library;

/// <summary>
/// An event with a versioned, little-endian binary payload. The payload excludes the
/// <see cref="EventHeader"/> fields and starts with a format version byte
/// (<see cref="EventCodec.CurrentVersion"/>), so a journal can hold years of records across format
/// changes and a reader can refuse what it does not understand.
/// </summary>
/// <typeparam name="TSelf">The implementing struct; static members let generic code decode without boxing.</typeparam>
public interface IMarketEvent<TSelf>
    where TSelf : struct, IMarketEvent<TSelf>
{
    /// <summary>The kind byte that identifies this event type in a journal record header.</summary>
    static abstract EventKind Kind { get; }

    /// <summary>The instrument and timestamps, as stored in the journal record header.</summary>
    EventHeader Header { get; }

    /// <summary>The exact number of bytes <see cref="WritePayload"/> writes.</summary>
    int PayloadSize { get; }

    /// <summary>Writes the payload in the current format version.</summary>
    /// <param name="destination">At least <see cref="PayloadSize"/> bytes; bytes past it are left untouched.</param>
    /// <exception cref="ArgumentException">
    /// <paramref name="destination"/> is too small, or the event cannot be encoded (an undefined enum
    /// value, or text over its limit); nothing is written then.
    /// </exception>
    void WritePayload(Span<byte> destination);

    /// <summary>
    /// Decodes a payload. Never throws: a payload that is empty, of an unknown version, truncated,
    /// followed by extra bytes, or holding values outside their type's range yields <see langword="false"/>.
    /// </summary>
    /// <param name="payload">Exactly one payload, as <see cref="WritePayload"/> produced it.</param>
    /// <param name="header">The header fields stored beside the payload.</param>
    /// <param name="value">The event, or the default on failure.</param>
    /// <returns>Whether <paramref name="payload"/> is a valid payload of this kind.</returns>
    static abstract bool TryReadPayload(ReadOnlySpan<byte> payload, in EventHeader header, out TSelf value);
}
