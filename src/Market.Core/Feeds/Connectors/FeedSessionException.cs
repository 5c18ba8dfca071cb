namespace Market.Core.Feeds.Connectors;

/// <summary>A connection ended (closed, stale, failed); the message says why. The runner reconnects.</summary>
public sealed class FeedSessionException : Exception
{
    /// <summary>Creates an empty one.</summary>
    public FeedSessionException()
    {
    }

    /// <summary>Creates one with a reason.</summary>
    public FeedSessionException(string message) : base(message)
    {
    }

    /// <summary>Creates one with a reason and the failure behind it.</summary>
    public FeedSessionException(string message, Exception innerException) : base(message, innerException)
    {
    }
}
