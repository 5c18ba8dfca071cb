using System.Diagnostics;
using System.Net;
using ModelContextProtocol.Client;

namespace Deepwater.Cli.Tests;

/// <summary><c>deepwater run</c> serving MCP over HTTP: a real child process, a real SDK client.</summary>
public sealed partial class RunCommandTests
{
    [Fact]
    public async Task Run_McpOnAFreePort_PrintedUrlAnswersToolsListWithTheTokenAnd401Without()
    {
        // --duration bounds the run; on Unix the test stops it early with SIGINT, as Ctrl-C would.
        using var run = DeepwaterProcess.Start("run", "--duration", "60s", "--rate", "1000", "--mcp-port", "0",
            "--data", _data, "--signals", Path.Combine(_data, "no-signals"));
        try
        {
            await ServesMcpAndStopsCleanlyAsync(run);
        }
        finally
        {
            if (!run.HasExited) run.Kill();
        }
    }

    private async Task ServesMcpAndStopsCleanlyAsync(Process run)
    {
        var lines = new List<string>();
        await ReadUntilAsync(run, lines, "deepwater: MCP client configurations");
        var url = lines.Single(l => l.StartsWith("deepwater: MCP on ", StringComparison.Ordinal));
        var endpoint = new Uri(url["deepwater: MCP on ".Length..url.IndexOf(' ', "deepwater: MCP on ".Length)]);
        var tokenFile = Path.Combine(_data, "mcp-token");

        Assert.Equal(IPAddress.Loopback.ToString(), endpoint.Host);
        Assert.NotEqual(0, endpoint.Port);
        Assert.Contains(lines, l => l.StartsWith("deepwater: MCP token generated for this session in " + tokenFile, StringComparison.Ordinal));
        if (!OperatingSystem.IsWindows()) Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(tokenFile));
        var token = (await File.ReadAllTextAsync(tokenFile)).Trim();

        await using (var client = await ConnectAsync(endpoint, token))
        {
            var tools = await client.ListToolsAsync();
            Assert.Contains(tools, t => t.Name == "get_trades");
            var status = (await client.CallToolAsync("system_status", new Dictionary<string, object?>())).StructuredContent!.Value.GetProperty("data");
            Assert.Equal("sim", status.GetProperty("feeds")[0].GetProperty("feed").GetString());
            // No signals repository in the test's working directory: the runtime section says none runs here.
            Assert.False(status.GetProperty("sections").GetProperty("runtime").GetProperty("available").GetBoolean());
        }
        using (var http = new HttpClient())
        using (var response = await http.PostAsync(endpoint, new StringContent("""{"jsonrpc":"2.0","id":1,"method":"tools/list"}""", System.Text.Encoding.UTF8, "application/json")))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        }
        await Assert.ThrowsAnyAsync<Exception>(async () => await ConnectAsync(endpoint, "wrong-token-0123456789abcdef"));
        Assert.DoesNotContain(lines, l => l.Contains(token, StringComparison.Ordinal));

        if (!OperatingSystem.IsWindows()) Interrupt(run);
        var rest = await run.StandardOutput.ReadToEndAsync();
        Assert.True(run.WaitForExit(TimeSpan.FromMinutes(2)), "deepwater run did not stop");
        Assert.True(run.ExitCode == 0, await run.StandardError.ReadToEndAsync());
        Assert.StartsWith("deepwater: stopped after ", rest.Split('\n', StringSplitOptions.RemoveEmptyEntries)[^1], StringComparison.Ordinal);
        Assert.False(File.Exists(tokenFile), "the session's token is deleted when the session ends");
        Assert.DoesNotContain(token, rest, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--no-mcp", "--mcp-port", "0")]
    [InlineData("--mcp-port", "70000")]
    [InlineData("--token-env", "DEEPWATER_TEST_NO_SUCH_VARIABLE")]
    public void Run_BadMcpArgument_ExitsTwoBeforeRecording(params string[] arguments)
    {
        var (code, _, error) = _cli.Run(["run", "--duration", "1s", .. arguments]);
        Assert.Equal(2, code);
        Assert.StartsWith("deepwater: ", error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(_data, "dev", "sim")), "nothing is recorded when an option is wrong");
    }

    private static async Task ReadUntilAsync(Process process, List<string> lines, string prefix)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        while (await process.StandardOutput.ReadLineAsync(timeout.Token) is { } line)
        {
            lines.Add(line);
            if (line.StartsWith(prefix, StringComparison.Ordinal)) return;
        }
        throw new InvalidOperationException($"deepwater run ended before printing '{prefix}': {await process.StandardError.ReadToEndAsync()}");
    }

    /// <summary>An SDK client on a deepwater MCP HTTP endpoint, with the bearer token.</summary>
    internal static Task<McpClient> ConnectAsync(Uri endpoint, string token) =>
        McpClient.CreateAsync(new HttpClientTransport(new HttpClientTransportOptions
        {
            Endpoint = endpoint,
            TransportMode = HttpTransportMode.StreamableHttp,
            AdditionalHeaders = new Dictionary<string, string> { ["Authorization"] = $"Bearer {token}" },
        }));

    /// <summary>SIGINT, what Ctrl-C sends.</summary>
    private static void Interrupt(Process process)
    {
        using var kill = Process.Start("kill", ["-INT", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        kill.WaitForExit();
    }
}
