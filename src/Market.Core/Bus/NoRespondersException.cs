namespace Market.Core.Bus;

/// <summary>A request was published to a subject nobody subscribes to (NATS "no responders").</summary>
public sealed class NoRespondersException : InvalidOperationException
{
    /// <summary>Creates the error for a request to <paramref name="subject"/>.</summary>
    public NoRespondersException(string subject)
        : base($"no responders for request on '{subject}': nothing subscribes to it")
    {
        Subject = subject;
    }

    /// <summary>The subject the request went to.</summary>
    public string Subject { get; }
}
