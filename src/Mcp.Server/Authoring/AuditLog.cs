using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Mcp.Server.Authoring;

/// <summary>One line of the audit log.</summary>
/// <param name="Time">When the call ended.</param>
/// <param name="Client">The client: its name and session.</param>
/// <param name="Tool">The tool called.</param>
/// <param name="Arguments">The arguments, summarised (long text as size and hash; secret-looking names redacted).</param>
/// <param name="Outcome"><c>ok</c>, or the error code.</param>
/// <param name="Commit">The commit the call made, or null.</param>
public sealed record AuditEntry(DateTimeOffset Time, string Client, string Tool, JsonObject Arguments, string Outcome, string? Commit);

/// <summary>
/// The append-only audit log of every authoring call: JSON lines in
/// <c>{data}/{env}/audit/mcp-YYYY-MM-DD.jsonl</c> (UTC days). Sources are never copied in: the
/// repository has them, the log records their size and hash, so it stays small and holds no secret.
/// </summary>
public sealed class AuditLog(DeepwaterMcpOptions options, TimeProvider time)
{
    private const int MaxInline = 200;
    private readonly Lock _gate = new();

    /// <summary>The folder the log is written in.</summary>
    public string Directory { get; } = Path.Combine(options?.EnvironmentDirectory ?? throw new ArgumentNullException(nameof(options)), "audit");

    /// <summary>Appends one entry.</summary>
    /// <param name="client">The client.</param>
    /// <param name="tool">The tool.</param>
    /// <param name="arguments">The raw arguments; summarised here.</param>
    /// <param name="outcome"><c>ok</c> or the error code.</param>
    /// <param name="commit">The commit made, or null.</param>
    /// <returns>The entry written.</returns>
    public AuditEntry Append(string client, string tool, IDictionary<string, JsonElement>? arguments, string outcome, string? commit)
    {
        var entry = new AuditEntry(time.GetUtcNow(), client, tool, Summarise(arguments), outcome, commit);
        var line = new JsonObject
        {
            ["time"] = entry.Time.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture),
            ["client"] = entry.Client,
            ["tool"] = entry.Tool,
            ["arguments"] = entry.Arguments,
            ["outcome"] = entry.Outcome,
            ["commit"] = entry.Commit,
        }.ToJsonString() + "\n";
        lock (_gate)
        {
            System.IO.Directory.CreateDirectory(Directory);
            var path = Path.Combine(Directory, $"mcp-{entry.Time.UtcDateTime:yyyy-MM-dd}.jsonl");
            // Append mode: several server processes may share the folder; each line is one write.
            using var stream = new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.ReadWrite);
            stream.Write(Encoding.UTF8.GetBytes(line));
        }
        return entry;
    }

    /// <summary>Every entry of the log, oldest first (for tests and operators).</summary>
    /// <returns>The lines, parsed.</returns>
    public IReadOnlyList<JsonObject> ReadAll()
    {
        if (!System.IO.Directory.Exists(Directory)) return [];
        return [.. System.IO.Directory.EnumerateFiles(Directory, "mcp-*.jsonl").Order(StringComparer.Ordinal)
            .SelectMany(File.ReadLines)
            .Where(l => l.Length > 0)
            .Select(l => JsonNode.Parse(l)!.AsObject())];
    }

    private static JsonObject Summarise(IDictionary<string, JsonElement>? arguments)
    {
        var summary = new JsonObject();
        foreach (var (name, value) in arguments ?? new Dictionary<string, JsonElement>())
        {
            if (LooksSecret(name))
            {
                summary[name] = "[redacted]";
                continue;
            }
            var text = value.ValueKind == JsonValueKind.String ? value.GetString()! : value.GetRawText();
            summary[name] = text.Length <= MaxInline
                ? (value.ValueKind == JsonValueKind.String ? JsonValue.Create(text) : JsonNode.Parse(text))
                : new JsonObject { ["chars"] = text.Length, ["sha256"] = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..16] };
        }
        return summary;
    }

    private static bool LooksSecret(string name) =>
        name.Contains("token", StringComparison.OrdinalIgnoreCase) || name.Contains("secret", StringComparison.OrdinalIgnoreCase)
        || name.Contains("password", StringComparison.OrdinalIgnoreCase) || name.Contains("key", StringComparison.OrdinalIgnoreCase);
}
