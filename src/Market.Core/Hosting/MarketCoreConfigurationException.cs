using Market.Core.Feeds.Config;

namespace Market.Core.Hosting;

/// <summary>The market core's configuration cannot work; <see cref="Errors"/> lists every problem as <c>file:line:column: message</c>.</summary>
public sealed class MarketCoreConfigurationException : Exception
{
    /// <summary>Creates one with no listed errors.</summary>
    public MarketCoreConfigurationException() : this([])
    {
    }

    /// <summary>Creates one with a message and no listed errors.</summary>
    public MarketCoreConfigurationException(string message) : base(message)
    {
        Errors = [];
    }

    /// <summary>Creates one with a message and the failure behind it.</summary>
    public MarketCoreConfigurationException(string message, Exception innerException) : base(message, innerException)
    {
        Errors = [];
    }

    /// <summary>Creates one listing <paramref name="errors"/>.</summary>
    public MarketCoreConfigurationException(IReadOnlyList<ConfigError> errors)
        : base(errors.Count == 0 ? "the configuration is not valid" : string.Join(System.Environment.NewLine, errors))
    {
        Errors = errors;
    }

    /// <summary>Every problem found, located to file and line.</summary>
    public IReadOnlyList<ConfigError> Errors { get; }
}
