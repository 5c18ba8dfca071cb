using System.CommandLine;
using Deepwater.Cli.Commands;
using Mcp.Server.Transport;

namespace Deepwater.Cli.Mcp;

/// <summary>What <c>run</c> was told about its MCP server: the port, and the token or where to make one.</summary>
/// <param name="Port">The port on 127.0.0.1; null for the default (falling back to a free port when it is taken); 0 for a free one.</param>
/// <param name="Token">The token given (variable or file); null to generate one for the session.</param>
/// <param name="Source">Where the token comes from, for the printed note: <c>$NAME</c> or a file path.</param>
/// <param name="TokenFile">The file holding the token: the one given, or the one to generate; null when it comes from a variable.</param>
/// <param name="Variable">The variable client configurations read the token from.</param>
internal sealed record RunMcpPlan(int? Port, BearerToken? Token, string Source, string? TokenFile, string Variable);

/// <summary>The MCP options of <c>deepwater run</c>, checked before anything starts.</summary>
internal sealed class RunMcpOptions
{
    public const int DefaultPort = 8765;

    public Option<int?> Port { get; } = new("--mcp-port")
    {
        Description = $"Serve MCP over streamable HTTP on 127.0.0.1:PORT (default {DefaultPort}, or a free port when that one is taken; 0 picks a free one)",
    };

    public Option<bool> Off { get; } = new("--no-mcp") { Description = "Do not serve MCP" };

    public Option<string?> TokenEnv { get; } = new("--token-env")
    {
        Description = $"Environment variable holding the MCP bearer token (default {BearerToken.DefaultVariable}; when unset and no --token-file, a token is generated into {{data}}/{SessionToken.FileName})",
    };

    public Option<string?> TokenFile { get; } = new("--token-file") { Description = "File holding the MCP bearer token" };

    public IEnumerable<Option> All => [Port, Off, TokenEnv, TokenFile];

    /// <summary>The plan, or null with <c>--no-mcp</c>. A named token that is missing or too short stops <c>run</c> here, before it records anything.</summary>
    public RunMcpPlan? Plan(ParseResult parse)
    {
        var port = parse.GetValue(Port);
        var variable = parse.GetValue(TokenEnv);
        var file = parse.GetValue(TokenFile);
        if (parse.GetValue(Off))
        {
            if (port is not null || variable is not null || file is not null) throw new UserError("--no-mcp turns MCP off: drop --mcp-port, --token-env and --token-file");
            return null;
        }
        if (port is < 0 or > 65535) throw new UserError($"--mcp-port must be 0..65535 (got {port}); 0 picks a free port");
        if (variable is not null && file is not null) throw new UserError("use --token-env or --token-file, not both");
        try
        {
            if (file is not null)
            {
                var path = Path.GetFullPath(file);
                return new RunMcpPlan(port, BearerToken.Load(null, path), path, path, BearerToken.DefaultVariable);
            }
            if (variable is not null) return new RunMcpPlan(port, BearerToken.Load(variable, null), "$" + variable, null, variable);
            // The default variable is used when it is set; otherwise the session makes its own token.
            if (!string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable(BearerToken.DefaultVariable)))
            {
                return new RunMcpPlan(port, BearerToken.Load(null, null), "$" + BearerToken.DefaultVariable, null, BearerToken.DefaultVariable);
            }
        }
        catch (ArgumentException e)
        {
            throw new UserError(e.Message);
        }
        var generated = Path.Combine(Path.GetFullPath(parse.GetValue(DeepwaterCommand.Data)!), SessionToken.FileName);
        return new RunMcpPlan(port, null, generated, generated, BearerToken.DefaultVariable);
    }
}
