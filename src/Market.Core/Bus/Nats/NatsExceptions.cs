namespace Market.Core.Bus.Nats;

/// <summary>A failure of the NATS client or one the server reported.</summary>
public class NatsException : Exception
{
    /// <summary>Creates the error.</summary>
    public NatsException(string message) : base(message) { }

    /// <summary>Creates the error with its cause.</summary>
    public NatsException(string message, Exception inner) : base(message, inner) { }

    /// <summary>Creates an empty error (for serializers).</summary>
    public NatsException() { }
}

/// <summary>The server answered <c>-ERR</c>; <see cref="ServerMessage"/> is its text.</summary>
public sealed class NatsServerErrorException : NatsException
{
    /// <summary>Creates the error for the server's <paramref name="serverMessage"/>.</summary>
    public NatsServerErrorException(string serverMessage, string context)
        : base($"nats-server error: '{serverMessage}' ({context})") => ServerMessage = serverMessage;

    /// <summary>The text after <c>-ERR</c>, without quotes.</summary>
    public string ServerMessage { get; } = "";
}

/// <summary>A message is larger than the server's <c>max_payload</c>; checked before anything is sent.</summary>
public sealed class NatsPayloadTooLargeException : NatsException
{
    /// <summary>Creates the error for a message of <paramref name="size"/> bytes against <paramref name="limit"/>.</summary>
    public NatsPayloadTooLargeException(string subject, long size, long limit)
        : base($"message to '{subject}' is {size} bytes (payload plus headers), over the server's max_payload of {limit} bytes")
    {
        Size = size;
        Limit = limit;
    }

    /// <summary>The size of the rejected message.</summary>
    public long Size { get; }

    /// <summary>The server's <c>max_payload</c>.</summary>
    public long Limit { get; }
}

/// <summary>The client is disconnected and its reconnect buffer is full (<see cref="ReconnectBufferPolicy.Fail"/>).</summary>
public sealed class NatsReconnectBufferFullException : NatsException
{
    /// <summary>Creates the error naming the buffer size.</summary>
    public NatsReconnectBufferFullException(long limit)
        : base($"disconnected from nats-server and the reconnect buffer is full ({limit} bytes, NatsOptions.ReconnectBufferBytes); the publish was not queued") { }
}
