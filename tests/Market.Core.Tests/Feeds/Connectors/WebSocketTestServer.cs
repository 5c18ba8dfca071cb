using System.Collections.Concurrent;
using System.Net.WebSockets;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Market.Core.Tests.Feeds.Connectors;

/// <summary>A Kestrel WebSocket server on 127.0.0.1 (port 0) that runs a script per connection.</summary>
public sealed class WebSocketTestServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private int _connections;
    private int _refused;

    private WebSocketTestServer(WebApplication app) => _app = app;

    public Uri Endpoint { get; private set; } = null!;

    /// <summary>The server's HTTP address, for routes added beside the WebSocket.</summary>
    public Uri BaseAddress { get; private set; } = null!;

    /// <summary>Every text message clients sent, in arrival order, across connections.</summary>
    public ConcurrentQueue<string> Received { get; } = new();

    public int Connections => Volatile.Read(ref _connections);

    /// <summary>Upgrade requests answered 401 because <c>admit</c> refused them.</summary>
    public int Refused => Volatile.Read(ref _refused);

    /// <param name="script">What each WebSocket connection does.</param>
    /// <param name="routes">Extra HTTP endpoints to serve beside <c>/ws</c> (e.g. a venue's REST API).</param>
    /// <param name="admit">Checks each upgrade request before it is accepted (e.g. a venue's signed handshake); false answers 401.</param>
    public static async Task<WebSocketTestServer> StartAsync(Func<ServerConnection, Task> script, Action<WebApplication>? routes = null, Func<HttpRequest, bool>? admit = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var server = new WebSocketTestServer(app);
        app.UseWebSockets();
        app.Map("/ws", async context =>
        {
            if (!context.WebSockets.IsWebSocketRequest)
            {
                context.Response.StatusCode = StatusCodes.Status400BadRequest;
                return;
            }
            if (admit is not null && !admit(context.Request))
            {
                Interlocked.Increment(ref server._refused);
                context.Response.StatusCode = StatusCodes.Status401Unauthorized;
                return;
            }
            using var socket = await context.WebSockets.AcceptWebSocketAsync();
            var index = Interlocked.Increment(ref server._connections);
            try
            {
                await script(new ServerConnection(context, socket, index, server.Received));
            }
            catch (Exception e) when (e is WebSocketException or OperationCanceledException or IOException)
            {
                // the client went away: its side of the test decides what that means
            }
        });
        routes?.Invoke(app);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server.BaseAddress = new Uri(address);
        server.Endpoint = new Uri(address.Replace("http://", "ws://", StringComparison.Ordinal) + "/ws");
        return server;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

/// <summary>One accepted connection, as a script sees it.</summary>
public sealed class ServerConnection(HttpContext context, WebSocket socket, int index, ConcurrentQueue<string> received)
{
    public int Index { get; } = index;

    /// <summary>The upgrade request's headers.</summary>
    public IHeaderDictionary RequestHeaders => context.Request.Headers;

    /// <summary>Reads client messages until <paramref name="count"/> have arrived on this connection.</summary>
    public async Task<List<string>> ReadAsync(int count)
    {
        var messages = new List<string>();
        while (messages.Count < count)
        {
            var text = await ReceiveTextAsync() ?? throw new IOException("client closed before sending enough");
            messages.Add(text);
        }
        return messages;
    }

    public Task SendAsync(byte[] utf8) => socket.SendAsync(utf8, WebSocketMessageType.Text, true, context.RequestAborted);

    public async Task SendAllAsync(IEnumerable<byte[]> frames)
    {
        foreach (var frame in frames) await SendAsync(frame);
    }

    /// <summary>An orderly close, with the status given (an error status is still orderly: every frame before it arrives).</summary>
    public async Task CloseAsync(WebSocketCloseStatus status, string description)
    {
        await socket.CloseOutputAsync(status, description, context.RequestAborted);
        while (await ReceiveTextAsync() is not null)
        {
        }
    }

    /// <summary>Drops the TCP connection without a close handshake.</summary>
    public void Abort() => context.Abort();

    /// <summary>Sends nothing more; keeps reading (and recording) until the client goes.</summary>
    public async Task HoldAsync()
    {
        while (await ReceiveTextAsync() is not null)
        {
        }
    }

    private async Task<string?> ReceiveTextAsync()
    {
        var buffer = new byte[64 * 1024];
        using var message = new MemoryStream();
        while (true)
        {
            var result = await socket.ReceiveAsync(buffer, context.RequestAborted);
            if (result.MessageType == WebSocketMessageType.Close) return null;
            message.Write(buffer, 0, result.Count);
            if (!result.EndOfMessage) continue;
            var text = Encoding.UTF8.GetString(message.ToArray());
            received.Enqueue(text);
            return text;
        }
    }
}
