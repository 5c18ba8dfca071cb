using Deepwater.Cli.Commands;
using Mcp.Server.Transport;
using Signals.Runtime.Deployment;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

namespace Mcp.Server.Tests;

/// <summary>
/// One captured journal, one `deepwater mcp --stdio` child process with the SDK's client attached,
/// and one in-process HTTP host, shared by the tests of the collection.
/// </summary>
public sealed class McpFixture : IAsyncLifetime
{
    public const string Token = "test-token-0123456789abcdef";

    private CaptureJournal? _data;

    internal CaptureJournal Data => _data!;

    public McpClient Stdio { get; private set; } = null!;

    /// <summary>The stdio server's signals repository (a temporary git repository).</summary>
    public string SignalsDirectory { get; private set; } = null!;

    public McpHttpHost Http { get; private set; } = null!;

    public IList<Tool> Tools { get; private set; } = [];

    public static string DeepwaterDll => typeof(DeepwaterCommand).Assembly.Location;

    public async Task InitializeAsync()
    {
        _data = await CaptureJournal.CreateAsync();
        SignalsDirectory = Path.Combine(Data.DataDirectory, "signals-repo");
        SignalRepository.Open(SignalsDirectory, initialize: true);
        // Every group on, so tools/list is the whole surface; the suite makes more calls than one burst (limits are tested over HTTP).
        Stdio = await ConnectStdioAsync(Data.DataDirectory, "--rate-limit", "0", "--groups", "read,author,operator",
            "--signals", SignalsDirectory, "--config", CaptureJournal.RepositoryDirectory);
        Tools = [.. (await Stdio.ListToolsAsync()).Select(t => t.ProtocolTool)];
        Http = await McpHttpHost.StartAsync(Options(Data.DataDirectory), new McpHttpOptions(new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, 0), BearerToken.From(Token)));
    }

    public static DeepwaterMcpOptions Options(string data) => new() { DataDirectory = data, Environment = CaptureJournal.Env };

    public static async Task<McpClient> ConnectStdioAsync(string data, params string[] extra)
    {
        var transport = new StdioClientTransport(new StdioClientTransportOptions
        {
            Name = "deepwater",
            Command = "dotnet",
            Arguments = [DeepwaterDll, "mcp", "--stdio", "--data", data, "--env", CaptureJournal.Env, .. extra],
        });
        return await McpClient.CreateAsync(transport, new McpClientOptions { ClientInfo = new Implementation { Name = "deepwater-tests", Version = "1.0" } });
    }

    public async Task DisposeAsync()
    {
        await Stdio.DisposeAsync();
        await Http.DisposeAsync();
        _data?.Dispose();
    }
}

[CollectionDefinition(Name)]
public sealed class McpCollection : ICollectionFixture<McpFixture>
{
    public const string Name = "mcp";
}
