using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text.Json;
using Mcp.Server.Status;
using Mcp.Server.Validation;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace Mcp.Server.Transport;

/// <summary>
/// Streamable HTTP on ASP.NET Core with the SDK's <see cref="StreamableHttpServerTransport"/>: an
/// <c>initialize</c> POST opens a session (one server per session, keyed by <c>Mcp-Session-Id</c>);
/// later POSTs and the GET stream go to it; DELETE ends it. A POST without a session that is not
/// an initialize (handshake-free protocol revisions) is served by a one-shot stateless server.
/// </summary>
public sealed partial class McpHttpSessions(IOptions<McpServerOptions> serverOptions, ILoggerFactory loggers, IServiceProvider services,
    ServerStats stats, RateLimiter limiter, ILogger<McpHttpSessions> logger) : IAsyncDisposable
{
    /// <summary>Sessions held at once; more are refused (503) so memory stays bounded.</summary>
    public const int MaxSessions = 256;

    private const string SessionHeader = "Mcp-Session-Id";

    private readonly ConcurrentDictionary<string, Session> _sessions = new(StringComparer.Ordinal);

    /// <summary>Live sessions.</summary>
    public int Count => _sessions.Count;

    /// <summary>Handles a POST of one JSON-RPC message.</summary>
    /// <param name="http">The request.</param>
    /// <returns>Completes when the response is written.</returns>
    public async Task PostAsync(HttpContext http)
    {
        ArgumentNullException.ThrowIfNull(http);
        JsonRpcMessage? message;
        try
        {
            message = (JsonRpcMessage?)await JsonSerializer.DeserializeAsync(http.Request.Body, McpJsonUtilities.DefaultOptions.GetTypeInfo(typeof(JsonRpcMessage)), http.RequestAborted).ConfigureAwait(false);
        }
        catch (JsonException e)
        {
            await ErrorAsync(http, StatusCodes.Status400BadRequest, -32700, $"Parse error: {e.Message}").ConfigureAwait(false);
            return;
        }
        if (message is null)
        {
            await ErrorAsync(http, StatusCodes.Status400BadRequest, -32600, "Invalid request: empty body").ConfigureAwait(false);
            return;
        }
        var id = http.Request.Headers[SessionHeader].ToString();
        if (id.Length > 0)
        {
            if (!_sessions.TryGetValue(id, out var session))
            {
                await ErrorAsync(http, StatusCodes.Status404NotFound, -32001, "Session not found: initialize a new session").ConfigureAwait(false);
                return;
            }
            http.Response.Headers[SessionHeader] = id;
            await HandleAsync(http, session.Transport, message).ConfigureAwait(false);
            return;
        }
        if (message is JsonRpcRequest { Method: RequestMethods.Initialize })
        {
            if (_sessions.Count >= MaxSessions)
            {
                await ErrorAsync(http, StatusCodes.Status503ServiceUnavailable, -32000, $"Too many sessions (at most {MaxSessions}); end unused ones with DELETE").ConfigureAwait(false);
                return;
            }
            var session = Open(NewId(), stateless: false);
            _sessions[session.Id] = session;
            stats.ClientConnected();
            LogOpened(session.Id);
            http.Response.Headers[SessionHeader] = session.Id;
            await HandleAsync(http, session.Transport, message).ConfigureAwait(false);
            return;
        }
        // No session and no handshake: one request, one short-lived server. Its rate-limit key is the caller's address.
        await using var once = Open("http-" + http.Connection.RemoteIpAddress, stateless: true);
        await HandleAsync(http, once.Transport, message).ConfigureAwait(false);
    }

    /// <summary>Handles the GET stream of server-to-client messages of a session.</summary>
    /// <param name="http">The request.</param>
    /// <returns>Completes when the stream ends.</returns>
    public async Task GetAsync(HttpContext http)
    {
        ArgumentNullException.ThrowIfNull(http);
        var id = http.Request.Headers[SessionHeader].ToString();
        if (id.Length == 0)
        {
            http.Response.StatusCode = StatusCodes.Status405MethodNotAllowed;
            return;
        }
        if (!_sessions.TryGetValue(id, out var session))
        {
            await ErrorAsync(http, StatusCodes.Status404NotFound, -32001, "Session not found").ConfigureAwait(false);
            return;
        }
        http.Response.Headers[SessionHeader] = id;
        StartEventStream(http);
        await http.Response.Body.FlushAsync(http.RequestAborted).ConfigureAwait(false);
        try
        {
            await session.Transport.HandleGetRequestAsync(http.Response.Body, http.RequestAborted).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (http.RequestAborted.IsCancellationRequested)
        {
            // the client closed its stream
        }
    }

    /// <summary>Ends a session.</summary>
    /// <param name="http">The request.</param>
    /// <returns>Completes when the session is disposed.</returns>
    public async Task DeleteAsync(HttpContext http)
    {
        ArgumentNullException.ThrowIfNull(http);
        var id = http.Request.Headers[SessionHeader].ToString();
        if (_sessions.TryRemove(id, out var session))
        {
            stats.ClientDisconnected();
            limiter.Forget(id);
            await session.DisposeAsync().ConfigureAwait(false);
            http.Response.StatusCode = StatusCodes.Status200OK;
            return;
        }
        http.Response.StatusCode = StatusCodes.Status404NotFound;
    }

    /// <summary>Ends every session.</summary>
    /// <returns>Completes when all are disposed.</returns>
    public async ValueTask DisposeAsync()
    {
        foreach (var id in _sessions.Keys)
        {
            if (_sessions.TryRemove(id, out var session)) await session.DisposeAsync().ConfigureAwait(false);
        }
    }

    private Session Open(string id, bool stateless)
    {
        var transport = new StreamableHttpServerTransport(loggers) { SessionId = id, Stateless = stateless };
        var server = McpServer.Create(transport, serverOptions.Value, loggers, services);
        return new Session(id, transport, server, server.RunAsync());
    }

    private static async Task HandleAsync(HttpContext http, StreamableHttpServerTransport transport, JsonRpcMessage message)
    {
        StartEventStream(http);
        var wrote = await transport.HandlePostRequestAsync(message, http.Response.Body, http.RequestAborted).ConfigureAwait(false);
        if (!wrote)
        {
            http.Response.Headers.ContentType = default;
            http.Response.StatusCode = StatusCodes.Status202Accepted;
        }
    }

    private static void StartEventStream(HttpContext http)
    {
        http.Response.Headers.ContentType = "text/event-stream";
        http.Response.Headers.CacheControl = "no-cache,no-store";
        http.Response.Headers.ContentEncoding = "identity";
        http.Features.GetRequiredFeature<IHttpResponseBodyFeature>().DisableBuffering();
    }

    private static Task ErrorAsync(HttpContext http, int status, int code, string message)
    {
        var body = new JsonRpcError { Id = default, Error = new JsonRpcErrorDetail { Code = code, Message = message } };
        http.Response.StatusCode = status;
        http.Response.ContentType = "application/json";
        return http.Response.WriteAsync(JsonSerializer.Serialize(body, McpJsonUtilities.DefaultOptions.GetTypeInfo(typeof(JsonRpcError))), http.RequestAborted);
    }

    private static string NewId() => WebEncoders.Base64UrlEncode(RandomNumberGenerator.GetBytes(18));

    [LoggerMessage(Level = LogLevel.Information, Message = "MCP session {Session} opened")]
    private partial void LogOpened(string session);

    private sealed record Session(string Id, StreamableHttpServerTransport Transport, McpServer Server, Task Run) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await Transport.DisposeAsync().ConfigureAwait(false);
            try
            {
                await Run.ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // stopping is what we asked for
            }
            await Server.DisposeAsync().ConfigureAwait(false);
        }
    }
}
