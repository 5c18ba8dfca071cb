using System.IO.Pipelines;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

namespace Mcp.Server.Tests;

/// <summary>
/// The Deepwater MCP server in this process, joined to the SDK's client by a pair of pipes: for
/// tests that need what a child process cannot share (a co-located runtime, a scripted sampling handler).
/// </summary>
internal sealed class InProcessServer : IAsyncDisposable
{
    private readonly IHost _host;

    private InProcessServer(IHost host, McpClient client)
    {
        _host = host;
        Client = client;
    }

    public McpClient Client { get; }

    public IServiceProvider Services => _host.Services;

    public static async Task<InProcessServer> StartAsync(DeepwaterMcpOptions options, Action<IServiceCollection>? configureServices = null,
        McpClientHandlers? handlers = null, string clientName = "claude-ai")
    {
        var toServer = new Pipe();
        var toClient = new Pipe();
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = [], ApplicationName = "deepwater-mcp-test" });
        builder.Logging.ClearProviders();
        builder.Services.AddDeepwaterMcpServer(options).WithStreamServerTransport(toServer.Reader.AsStream(), toClient.Writer.AsStream());
        configureServices?.Invoke(builder.Services);
        var host = builder.Build();
        await host.StartAsync();
        var client = await McpClient.CreateAsync(new StreamClientTransport(toServer.Writer.AsStream(), toClient.Reader.AsStream()), new McpClientOptions
        {
            ClientInfo = new Implementation { Name = clientName, Version = "1.0" },
            Handlers = handlers ?? new McpClientHandlers(),
        });
        return new InProcessServer(host, client);
    }

    public async ValueTask DisposeAsync()
    {
        await Client.DisposeAsync();
        await _host.StopAsync();
        _host.Dispose();
    }
}
