using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Mcp.Server.Transport;

/// <summary>Where and how the HTTP transport listens.</summary>
/// <param name="Listen">The address, e.g. 127.0.0.1:8765 (port 0 picks a free one).</param>
/// <param name="Token">The bearer token every request must carry.</param>
/// <param name="Path">The MCP endpoint's path.</param>
public sealed record McpHttpOptions(IPEndPoint Listen, BearerToken Token, string Path = "/mcp");

/// <summary>
/// Streamable HTTP on Kestrel: a bearer-token check in front of everything (401 without it), then
/// <see cref="McpHttpSessions"/> on the endpoint path. Logs go to stderr.
/// </summary>
public sealed class McpHttpHost : IAsyncDisposable
{
    private readonly WebApplication _app;

    private McpHttpHost(WebApplication app, Uri endpoint)
    {
        _app = app;
        Endpoint = endpoint;
    }

    /// <summary>The MCP endpoint's URL, with the port actually bound.</summary>
    public Uri Endpoint { get; }

    /// <summary>The server's services (for tests and status).</summary>
    public IServiceProvider Services => _app.Services;

    /// <summary>Starts listening.</summary>
    /// <param name="options">The server's settings.</param>
    /// <param name="http">Where to listen and the token.</param>
    /// <param name="configureServices">Adds services beside the server; null for none.</param>
    /// <param name="minimumLogLevel">Log level on stderr.</param>
    /// <param name="cancellationToken">Cancels start-up.</param>
    /// <returns>The running host.</returns>
    public static async Task<McpHttpHost> StartAsync(DeepwaterMcpOptions options, McpHttpOptions http, Action<IServiceCollection>? configureServices = null,
        LogLevel minimumLogLevel = LogLevel.Warning, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(http);
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [], ApplicationName = "deepwater-mcp" });
        builder.Logging.ClearProviders();
        builder.Logging.AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
        builder.Logging.SetMinimumLevel(minimumLogLevel);
        builder.WebHost.UseKestrel(k => k.Listen(http.Listen));
        builder.Services.AddDeepwaterMcpServer(options);
        builder.Services.AddSingleton<McpHttpSessions>();
        configureServices?.Invoke(builder.Services);
        var app = builder.Build();
        app.Use(async (context, next) =>
        {
            if (!http.Token.Matches(context.Request.Headers.Authorization))
            {
                context.Response.StatusCode = StatusCodes.Status401Unauthorized;
                context.Response.Headers.WWWAuthenticate = "Bearer realm=\"deepwater\"";
                await context.Response.WriteAsJsonAsync(new Dictionary<string, string>
                {
                    ["error"] = "unauthorized",
                    ["hint"] = "send Authorization: Bearer <token>, the token the server was started with (its environment variable or file)",
                }, context.RequestAborted).ConfigureAwait(false);
                return;
            }
            await next(context).ConfigureAwait(false);
        });
        var sessions = app.Services.GetRequiredService<McpHttpSessions>();
        app.MapPost(http.Path, sessions.PostAsync);
        app.MapGet(http.Path, sessions.GetAsync);
        app.MapDelete(http.Path, sessions.DeleteAsync);
        try
        {
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            // A port in use (or start-up cancelled) must not leave the host's services behind: callers may retry on another port.
            await app.DisposeAsync().ConfigureAwait(false);
            throw;
        }
        var bound = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new McpHttpHost(app, new Uri(new Uri(bound), http.Path));
    }

    /// <summary>Completes when the host stops (Ctrl-C or <paramref name="cancellationToken"/>).</summary>
    /// <param name="cancellationToken">Stops the host.</param>
    /// <returns>Completes at shutdown.</returns>
    public Task WaitForShutdownAsync(CancellationToken cancellationToken = default) => _app.WaitForShutdownAsync(cancellationToken);

    /// <summary>Ends every session and stops listening.</summary>
    /// <returns>Completes when stopped.</returns>
    public async ValueTask DisposeAsync()
    {
        await _app.Services.GetRequiredService<McpHttpSessions>().DisposeAsync().ConfigureAwait(false);
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }
}
