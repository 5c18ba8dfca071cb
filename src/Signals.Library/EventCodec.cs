namespace Signals.Library;

/// <summary>Format constants and the generic write entry point for <see cref="IMarketEvent{TSelf}"/> payloads.</summary>
public static class EventCodec
{
    /// <summary>The payload format version written today, as byte 0 of every payload.</summary>
    public const byte CurrentVersion = 1;

    /// <summary>The largest payload written or expected: 16 MiB, about a million book levels.</summary>
    public const int MaxPayloadSize = 16 * 1024 * 1024;

    /// <summary>Writes an event's payload, refusing any larger than <see cref="MaxPayloadSize"/>.</summary>
    /// <typeparam name="T">The event type.</typeparam>
    /// <param name="evt">The event.</param>
    /// <param name="destination">At least <see cref="IMarketEvent{TSelf}.PayloadSize"/> bytes.</param>
    /// <returns>The number of bytes written, equal to the event's <see cref="IMarketEvent{TSelf}.PayloadSize"/>.</returns>
    /// <exception cref="ArgumentException">The payload is over the limit, the destination too small, or the event not encodable.</exception>
    public static int WriteTo<T>(in T evt, Span<byte> destination)
        where T : struct, IMarketEvent<T>
    {
        var size = evt.PayloadSize;
        if (size > MaxPayloadSize)
        {
            throw new ArgumentException($"The {T.Kind} payload would be {size} bytes; the limit is {MaxPayloadSize}.", nameof(evt));
        }

        evt.WritePayload(destination);
        return size;
    }
}
