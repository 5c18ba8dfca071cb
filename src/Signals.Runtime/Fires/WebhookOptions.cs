using Signals.Library;

namespace Signals.Runtime.Fires;

/// <summary>
/// One webhook: fires of matching signals and types are POSTed as JSON to a URL. The URL is given
/// directly or, when it carries a token, by the environment variable that holds it.
/// </summary>
/// <param name="Name">The webhook's name, for status and logs (the URL is never logged).</param>
/// <param name="Url">The URL; null when <paramref name="UrlVariable"/> names it.</param>
/// <param name="UrlVariable">An environment variable holding the URL.</param>
/// <param name="Signals">A signal-name pattern (<c>*</c>, <c>?</c>).</param>
/// <param name="Types">Which fire types are sent (by default alerts and trade signals).</param>
public sealed record WebhookOptions(string Name, string? Url = null, string? UrlVariable = null, string Signals = "*", FireKind[]? Types = null)
{
    private static readonly FireKind[] DefaultTypes = [FireKind.Alert, FireKind.TradeSignal];

    /// <summary>Attempts per fire, the first included.</summary>
    public int MaxAttempts { get; init; } = 5;

    /// <summary>The first retry's delay bound; each retry doubles it (full jitter).</summary>
    public TimeSpan BackoffBase { get; init; } = TimeSpan.FromMilliseconds(200);

    /// <summary>The cap on any one retry delay.</summary>
    public TimeSpan BackoffMax { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>How long one POST may take.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Fires queued at most; beyond it the oldest is dropped and counted.</summary>
    public int QueueCapacity { get; init; } = 1024;

    /// <summary>The URL, resolved now; throws naming the variable (never its value) when unset.</summary>
    /// <returns>The absolute URL.</returns>
    public Uri ResolveUrl()
    {
        var text = Url ?? (UrlVariable is { } name ? Environment.GetEnvironmentVariable(name) : null);
        if (string.IsNullOrWhiteSpace(text))
        {
            throw new InvalidOperationException(UrlVariable is null
                ? $"webhook '{Name}': set url or url_env"
                : $"webhook '{Name}': environment variable '{UrlVariable}' is not set");
        }
        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
        {
            throw new InvalidOperationException($"webhook '{Name}': the URL is not an absolute http(s) address");
        }
        return uri;
    }

    /// <summary>Whether a fire goes to this webhook.</summary>
    /// <param name="fire">The fire.</param>
    /// <returns>True when its signal and type match.</returns>
    public bool Wants(in SignalFire fire) =>
        (Types ?? DefaultTypes).Contains(fire.Type) && SignalSubscription.Glob(Signals, fire.Signal);
}
