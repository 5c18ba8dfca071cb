using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Mcp.Server;

/// <summary>How a client reaches the server, for <see cref="ClientConfigurations.Render"/>.</summary>
/// <param name="DataDirectory">The data directory, as an absolute path.</param>
/// <param name="Environment">The environment.</param>
/// <param name="HttpEndpoint">The HTTP endpoint (e.g. http://127.0.0.1:8765/mcp), or null when only stdio is served.</param>
/// <param name="TokenVariable">The environment variable that holds the bearer token; configurations reference it, never its value.</param>
/// <param name="Command">The command that starts Deepwater (deepwater, or dotnet /path/deepwater.dll).</param>
public sealed record ClientEndpoint(string DataDirectory, string Environment, Uri? HttpEndpoint = null,
    string TokenVariable = Transport.BearerToken.DefaultVariable, string Command = "deepwater");

/// <summary>
/// Ready-to-paste client configurations (Claude Desktop, VS Code, Claude Code; stdio and HTTP) for
/// <c>deepwater run</c> to print. Tokens appear only as references to their environment variable.
/// </summary>
public static class ClientConfigurations
{
    // Relaxed escaping: these are pasted into config files by people, so "<value of $X>" must not read "\u003Cvalue of $X\u003E".
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Renders every configuration as text with a heading per client.</summary>
    /// <param name="endpoint">How to reach the server.</param>
    /// <returns>The text.</returns>
    public static string Render(ClientEndpoint endpoint)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        var text = new StringBuilder();
        text.AppendLine("Claude Desktop (claude_desktop_config.json), stdio:").AppendLine(ClaudeDesktopStdio(endpoint)).AppendLine();
        text.AppendLine("VS Code (.vscode/mcp.json), stdio:").AppendLine(VsCodeStdio(endpoint)).AppendLine();
        text.AppendLine("Claude Code, stdio:").AppendLine(ClaudeCodeStdio(endpoint));
        if (endpoint.HttpEndpoint is not null)
        {
            text.AppendLine().AppendLine($"HTTP (the token is read from ${endpoint.TokenVariable}):");
            text.AppendLine("Claude Desktop, via mcp-remote:").AppendLine(ClaudeDesktopHttp(endpoint)).AppendLine();
            text.AppendLine("VS Code:").AppendLine(VsCodeHttp(endpoint)).AppendLine();
            text.AppendLine("Claude Code:").AppendLine(ClaudeCodeHttp(endpoint));
        }
        return text.ToString();
    }

    /// <summary>Claude Desktop's <c>mcpServers</c> entry starting <c>deepwater mcp --stdio</c>.</summary>
    /// <param name="endpoint">How to reach the server.</param>
    /// <returns>JSON.</returns>
    public static string ClaudeDesktopStdio(ClientEndpoint endpoint) =>
        Show(new JsonObject { ["mcpServers"] = new JsonObject { ["deepwater"] = StdioEntry(endpoint, null) } });

    /// <summary>VS Code's <c>servers</c> entry starting <c>deepwater mcp --stdio</c>.</summary>
    /// <param name="endpoint">How to reach the server.</param>
    /// <returns>JSON.</returns>
    public static string VsCodeStdio(ClientEndpoint endpoint) =>
        Show(new JsonObject { ["servers"] = new JsonObject { ["deepwater"] = StdioEntry(endpoint, "stdio") } });

    /// <summary>The <c>claude mcp add</c> line for stdio.</summary>
    /// <param name="endpoint">How to reach the server.</param>
    /// <returns>A shell command.</returns>
    public static string ClaudeCodeStdio(ClientEndpoint endpoint)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        return $"claude mcp add deepwater -- {string.Join(' ', CommandLine(endpoint).Select(Quote))}";
    }

    /// <summary>Claude Desktop bridging to HTTP through <c>npx mcp-remote</c>, the token passed through its environment.</summary>
    /// <param name="endpoint">How to reach the server.</param>
    /// <returns>JSON.</returns>
    public static string ClaudeDesktopHttp(ClientEndpoint endpoint)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        var entry = new JsonObject
        {
            ["command"] = "npx",
            ["args"] = new JsonArray("-y", "mcp-remote", Url(endpoint), "--header", "Authorization:Bearer ${DEEPWATER_AUTH}"),
            ["env"] = new JsonObject { ["DEEPWATER_AUTH"] = $"<value of ${endpoint.TokenVariable}>" },
        };
        return Show(new JsonObject { ["mcpServers"] = new JsonObject { ["deepwater"] = entry } });
    }

    /// <summary>VS Code's HTTP entry, prompting once for the token (stored by VS Code as a secret).</summary>
    /// <param name="endpoint">How to reach the server.</param>
    /// <returns>JSON.</returns>
    public static string VsCodeHttp(ClientEndpoint endpoint)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        return Show(new JsonObject
        {
            ["inputs"] = new JsonArray(new JsonObject { ["type"] = "promptString", ["id"] = "deepwater-token", ["description"] = $"Deepwater MCP token (${endpoint.TokenVariable})", ["password"] = true }),
            ["servers"] = new JsonObject
            {
                ["deepwater"] = new JsonObject
                {
                    ["type"] = "http",
                    ["url"] = Url(endpoint),
                    ["headers"] = new JsonObject { ["Authorization"] = "Bearer ${input:deepwater-token}" },
                },
            },
        });
    }

    /// <summary>The <c>claude mcp add</c> line for HTTP, expanding the token variable in the user's shell.</summary>
    /// <param name="endpoint">How to reach the server.</param>
    /// <returns>A shell command.</returns>
    public static string ClaudeCodeHttp(ClientEndpoint endpoint)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        return $"claude mcp add --transport http deepwater {Url(endpoint)} --header \"Authorization: Bearer ${endpoint.TokenVariable}\"";
    }

    private static JsonObject StdioEntry(ClientEndpoint endpoint, string? type)
    {
        var line = CommandLine(endpoint);
        var entry = new JsonObject();
        if (type is not null) entry["type"] = type;
        entry["command"] = line[0];
        entry["args"] = new JsonArray([.. line.Skip(1).Select(a => (JsonNode)a)]);
        return entry;
    }

    private static List<string> CommandLine(ClientEndpoint endpoint) =>
        [.. endpoint.Command.Split(' ', StringSplitOptions.RemoveEmptyEntries), "mcp", "--stdio", "--data", endpoint.DataDirectory, "--env", endpoint.Environment];

    private static string Url(ClientEndpoint endpoint) => endpoint.HttpEndpoint?.ToString() ?? throw new ArgumentException("no HTTP endpoint to configure");

    private static string Quote(string arg) => arg.Length > 0 && arg.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or '/' or ':' or '=') ? arg : $"'{arg.Replace("'", "'\\''", StringComparison.Ordinal)}'";

    private static string Show(JsonNode node) => node.ToJsonString(Indented);
}
