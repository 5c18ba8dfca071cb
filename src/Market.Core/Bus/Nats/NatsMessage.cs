using System.Buffers;
using Market.Core.Bus.Nats.Internal;

namespace Market.Core.Bus.Nats;

/// <summary>
/// One <c>MSG</c>/<c>HMSG</c> as the parser saw it: views into the socket buffer, valid only during
/// the handler call. Copy what you keep (<see cref="ToBusMessage"/> copies the payload once).
/// </summary>
public readonly ref struct NatsMessage
{
    private readonly Utf8StringPool _headerNames;

    internal NatsMessage(string subject, ReadOnlySpan<byte> replyTo, ReadOnlySequence<byte> headerBlock, ReadOnlySequence<byte> payload, Utf8StringPool headerNames)
    {
        _headerNames = headerNames;
        Subject = subject;
        ReplyTo = replyTo;
        HeaderBlock = headerBlock;
        Payload = payload;
    }

    /// <summary>The subject the message was published to (interned per connection, so repeats cost nothing).</summary>
    public string Subject { get; }

    /// <summary>The reply subject as UTF-8, empty when there is none.</summary>
    public ReadOnlySpan<byte> ReplyTo { get; }

    /// <summary>The raw <c>NATS/1.0</c> header block, empty for <c>MSG</c>.</summary>
    public ReadOnlySequence<byte> HeaderBlock { get; }

    /// <summary>The payload bytes.</summary>
    public ReadOnlySequence<byte> Payload { get; }

    /// <summary>The status code of the header block (503 no responders, 404/408 for pull fetches, 100 for heartbeats), or 0.</summary>
    public int Status => HeaderBlock.IsEmpty ? 0 : NatsHeaderParser.Status(NatsHeaderParser.Flatten(HeaderBlock));

    /// <summary>Parses the headers (allocates the set and its values; names repeated on the connection are shared).</summary>
    public BusHeaders? ParseHeaders() => HeaderBlock.IsEmpty ? null : NatsHeaderParser.Parse(NatsHeaderParser.Flatten(HeaderBlock), _headerNames);

    /// <summary>Copies the message out of the socket buffer.</summary>
    public BusMessage ToBusMessage() => new(
        Subject,
        Payload.IsEmpty ? ReadOnlyMemory<byte>.Empty : Payload.ToArray(),
        ParseHeaders(),
        ReplyTo.IsEmpty ? null : System.Text.Encoding.UTF8.GetString(ReplyTo));
}

/// <summary>Called on the connection's read loop for each message of a subscription; must not block.</summary>
public delegate void NatsMessageHandler(in NatsMessage message);
