using System.Globalization;

namespace Market.Core.Bus.Nats;

/// <summary>One server of <see cref="NatsOptions.Servers"/>: host, port and whether the URL asks for TLS.</summary>
/// <param name="Host">The host name or address.</param>
/// <param name="Port">The client port (4222 when the URL has none).</param>
/// <param name="Tls">True for <c>tls://</c> URLs.</param>
public sealed record NatsServerAddress(string Host, int Port, bool Tls)
{
    /// <summary>Parses <c>nats://host:port</c>, <c>tls://host:port</c> or <c>host:port</c>.</summary>
    /// <exception cref="ArgumentException">The URL is not one of those forms.</exception>
    public static NatsServerAddress Parse(string url)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(url);
        var text = url.Contains("://", StringComparison.Ordinal) ? url : "nats://" + url;
        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || uri.Scheme is not ("nats" or "tls") || uri.Host.Length == 0)
        {
            throw new ArgumentException($"server URL '{url}' must look like nats://host:port or tls://host:port", nameof(url));
        }
        return new NatsServerAddress(uri.Host, uri.IsDefaultPort || uri.Port < 0 ? 4222 : uri.Port, uri.Scheme == "tls");
    }

    /// <summary>
    /// The name the server's TLS certificate must carry when it is not <see cref="Host"/>: set on
    /// servers discovered by IP address, which keep the host name the user gave (as nats.go does).
    /// </summary>
    public string? TlsHost { get; init; }

    /// <inheritdoc/>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{(Tls ? "tls" : "nats")}://{Host}:{Port}");
}
