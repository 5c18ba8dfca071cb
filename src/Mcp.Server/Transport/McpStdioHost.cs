using Mcp.Server.Status;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Mcp.Server.Transport;

/// <summary>Serves MCP over stdin/stdout: stdout carries only the protocol, every log line goes to stderr.</summary>
public static class McpStdioHost
{
    /// <summary>Runs until stdin closes or <paramref name="cancellationToken"/> fires.</summary>
    /// <param name="options">The server's settings.</param>
    /// <param name="configureServices">Adds services beside the server (a status section, a co-located core); null for none.</param>
    /// <param name="cancellationToken">Stops the server.</param>
    /// <returns>Completes when the server stops.</returns>
    public static async Task RunAsync(DeepwaterMcpOptions options, Action<IServiceCollection>? configureServices = null, CancellationToken cancellationToken = default)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = [], ApplicationName = "deepwater-mcp" });
        builder.Logging.ClearProviders();
        builder.Logging.AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Services.AddDeepwaterMcpServer(options).WithStdioServerTransport();
        configureServices?.Invoke(builder.Services);
        using var host = builder.Build();
        var stats = host.Services.GetRequiredService<ServerStats>();
        stats.ClientConnected(); // one client: whoever holds our stdin
        await host.RunAsync(cancellationToken).ConfigureAwait(false);
    }
}
