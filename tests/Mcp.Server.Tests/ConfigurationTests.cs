using System.Diagnostics;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using ModelContextProtocol.Server;

namespace Mcp.Server.Tests;

/// <summary>Tool groups come from configuration; the CLI refuses what cannot work; client configurations never hold a secret.</summary>
public sealed class ConfigurationTests
{
    [Fact]
    public void Groups_ReadOff_NoReadToolsRegistered()
    {
        var services = new ServiceCollection();
        services.AddDeepwaterMcpServer(new DeepwaterMcpOptions { DataDirectory = Path.GetTempPath(), Groups = ToolGroups.Author });
        using var provider = services.BuildServiceProvider();
        Assert.Equal(ToolNames.Author.Order(), provider.GetServices<McpServerTool>().Select(t => t.ProtocolTool.Name).Order());
    }

    [Fact]
    public void Groups_Parse_KnownNamesOnly()
    {
        Assert.Equal(ToolGroups.Read | ToolGroups.Author, DeepwaterMcpOptions.ParseGroups("read, author"));
        Assert.Contains("unknown tool group 'admin'", Assert.Throws<ArgumentException>(() => DeepwaterMcpOptions.ParseGroups("read,admin")).Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("no transport", "choose one transport", "mcp")]
    [InlineData("both transports", "choose one transport", "mcp", "--stdio", "--http", "127.0.0.1:0")]
    [InlineData("not an address", "is not HOST:PORT", "mcp", "--http", "localhost")]
    [InlineData("no token", "HTTP needs a bearer token: set the environment variable DEEPWATER_TEST_UNSET_TOKEN", "mcp", "--http", "127.0.0.1:0", "--token-env", "DEEPWATER_TEST_UNSET_TOKEN")]
    [InlineData("bad group", "unknown tool group 'everything'", "mcp", "--stdio", "--groups", "everything")]
    public async Task Cli_Misconfigured_ExitsTwoWithOneLine(string why, string expected, params string[] args)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(McpFixture.DeepwaterDll);
        foreach (var a in args) info.ArgumentList.Add(a);
        using var process = Process.Start(info)!;
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        await process.WaitForExitAsync(timeout.Token);
        Assert.True(process.ExitCode == 2, why);
        Assert.Contains(expected, await error, StringComparison.Ordinal);
    }

    [Fact]
    public void ClientConfigurations_StdioAndHttp_ValidJsonReferencingTheTokenVariableOnly()
    {
        var endpoint = new ClientEndpoint("/srv/deepwater/data", "prod", new Uri("http://127.0.0.1:8765/mcp"));
        var text = ClientConfigurations.Render(endpoint);

        using var desktop = JsonDocument.Parse(ClientConfigurations.ClaudeDesktopStdio(endpoint));
        var entry = desktop.RootElement.GetProperty("mcpServers").GetProperty("deepwater");
        Assert.Equal("deepwater", entry.GetProperty("command").GetString());
        Assert.Equal(["mcp", "--stdio", "--data", "/srv/deepwater/data", "--env", "prod"], entry.GetProperty("args").EnumerateArray().Select(a => a.GetString()));
        using var vscode = JsonDocument.Parse(ClientConfigurations.VsCodeHttp(endpoint));
        Assert.Equal("Bearer ${input:deepwater-token}", vscode.RootElement.GetProperty("servers").GetProperty("deepwater").GetProperty("headers").GetProperty("Authorization").GetString());
        Assert.Equal("claude mcp add --transport http deepwater http://127.0.0.1:8765/mcp --header \"Authorization: Bearer $DEEPWATER_MCP_TOKEN\"", ClientConfigurations.ClaudeCodeHttp(endpoint));
        Assert.Equal("claude mcp add deepwater -- deepwater mcp --stdio --data /srv/deepwater/data --env prod", ClientConfigurations.ClaudeCodeStdio(endpoint));
        Assert.Contains("Claude Desktop", text, StringComparison.Ordinal);
        Assert.Contains("VS Code", text, StringComparison.Ordinal);
        Assert.Contains("Claude Code", text, StringComparison.Ordinal);
    }
}
