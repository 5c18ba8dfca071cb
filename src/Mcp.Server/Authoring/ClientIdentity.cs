using System.Text;
using ModelContextProtocol.Server;
using Signals.Runtime.Deployment;

namespace Mcp.Server.Authoring;

/// <summary>Who is calling: the MCP client's own name from its <c>initialize</c> (clientInfo), as audit lines and commit authors show it.</summary>
public static class ClientIdentity
{
    /// <summary>The client's name, cleaned for a git author line (no angle brackets or control characters, at most 64 characters).</summary>
    /// <param name="server">The session's server.</param>
    /// <returns>The name, or <c>unknown-client</c>.</returns>
    public static string Name(McpServer server)
    {
        var raw = server?.ClientInfo?.Name;
        if (string.IsNullOrWhiteSpace(raw)) return "unknown-client";
        var clean = new StringBuilder(raw.Length);
        foreach (var c in raw.Trim())
        {
            if (!char.IsControl(c) && c is not ('<' or '>')) clean.Append(c);
            if (clean.Length == 64) break;
        }
        return clean.Length == 0 ? "unknown-client" : clean.ToString();
    }

    /// <summary>The client and its session, for the audit log.</summary>
    /// <param name="server">The session's server.</param>
    /// <returns><c>name (session)</c>.</returns>
    public static string Describe(McpServer server) => $"{Name(server)} ({server?.SessionId ?? "stdio"})";

    /// <summary>The git author of a commit this client makes: <c>claude-ai (via Deepwater MCP) &lt;mcp@deepwater.local&gt;</c>.</summary>
    /// <param name="server">The session's server.</param>
    /// <returns>The author.</returns>
    public static SignalAuthor Author(McpServer server) => SignalAuthor.ForAgent(Name(server));
}
