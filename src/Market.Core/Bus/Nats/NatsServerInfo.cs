using System.Text.Json;

namespace Market.Core.Bus.Nats;

/// <summary>What the server said about itself in its latest <c>INFO</c>.</summary>
public sealed record NatsServerInfo
{
    /// <summary>The server's unique id.</summary>
    public string ServerId { get; init; } = "";

    /// <summary>The server's version.</summary>
    public string Version { get; init; } = "";

    /// <summary>The address the server listens on for clients (<c>0.0.0.0</c> for all).</summary>
    public string Host { get; init; } = "";

    /// <summary>The server's client port.</summary>
    public int Port { get; init; }

    /// <summary>The largest payload plus headers the server accepts.</summary>
    public long MaxPayload { get; init; } = 1024 * 1024;

    /// <summary>True when the server understands HPUB/HMSG.</summary>
    public bool Headers { get; init; }

    /// <summary>True when the server requires credentials.</summary>
    public bool AuthRequired { get; init; }

    /// <summary>True when the server requires a TLS upgrade after INFO.</summary>
    public bool TlsRequired { get; init; }

    /// <summary>True when the server accepts a TLS upgrade without requiring it (<c>allow_non_tls</c>).</summary>
    public bool TlsAvailable { get; init; }

    /// <summary>True when the server has JetStream enabled.</summary>
    public bool JetStream { get; init; }

    /// <summary>True when the server is in lame-duck mode: it will shut down, clients should move.</summary>
    public bool LameDuckMode { get; init; }

    /// <summary>Client URLs (<c>host:port</c>) of the cluster's servers, this one included; the client adds them to its reconnect list.</summary>
    public IReadOnlyList<string> ConnectUrls { get; init; } = [];

    /// <summary>Parses the JSON after <c>INFO </c>.</summary>
    public static NatsServerInfo Parse(ReadOnlySpan<byte> json)
    {
        var reader = new Utf8JsonReader(json);
        using var document = JsonDocument.ParseValue(ref reader);
        var root = document.RootElement;
        return new NatsServerInfo
        {
            ServerId = String(root, "server_id") ?? "",
            Version = String(root, "version") ?? "",
            Host = String(root, "host") ?? "",
            Port = root.TryGetProperty("port", out var port) && port.TryGetInt32(out var p) ? p : 0,
            MaxPayload = root.TryGetProperty("max_payload", out var max) && max.TryGetInt64(out var m) ? m : 1024 * 1024,
            Headers = Bool(root, "headers"),
            AuthRequired = Bool(root, "auth_required"),
            TlsRequired = Bool(root, "tls_required"),
            TlsAvailable = Bool(root, "tls_available"),
            JetStream = Bool(root, "jetstream"),
            LameDuckMode = Bool(root, "ldm"),
            ConnectUrls = root.TryGetProperty("connect_urls", out var urls) && urls.ValueKind == JsonValueKind.Array
                ? [.. urls.EnumerateArray().Select(u => u.GetString() ?? "").Where(u => u.Length > 0)]
                : [],
        };
    }

    private static string? String(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static bool Bool(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.True;
}
