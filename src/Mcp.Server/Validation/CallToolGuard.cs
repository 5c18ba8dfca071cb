using Mcp.Server.Results;
using Mcp.Server.Status;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace Mcp.Server.Validation;

/// <summary>
/// The tools/call filter every call passes: the client's rate limit first, then the arguments
/// against the tool's input schema (unknown names rejected), then the tool. Both refusals are
/// ordinary <c>isError</c> results with a code and a hint, so the agent can correct itself.
/// </summary>
public sealed class CallToolGuard(RateLimiter limiter, ServerStats stats, IEnumerable<KnownTool> known)
{
    private readonly Dictionary<string, ToolGroups> _known = known.GroupBy(k => k.Name, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First().Group, StringComparer.Ordinal);

    /// <summary>The client key of a session: its id over HTTP, <c>stdio</c> for the single stdio client.</summary>
    /// <param name="server">The session's server.</param>
    /// <returns>The key.</returns>
    public static string ClientOf(McpServer server) => server?.SessionId ?? "stdio";

    /// <summary>Runs the checks, then <paramref name="next"/>.</summary>
    /// <param name="context">The call.</param>
    /// <param name="next">The rest of the pipeline (the tool).</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The tool's result or the refusal.</returns>
    public async ValueTask<CallToolResult> InvokeAsync(RequestContext<CallToolRequestParams> context,
        McpRequestHandler<CallToolRequestParams, CallToolResult> next, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        var name = context.Params?.Name ?? "";
        var tool = context.MatchedPrimitive as McpServerTool;
        if (tool is null && context.Server.ServerOptions.ToolCollection is { } tools && tools.TryGetPrimitive(name, out var found)) tool = found;
        if (tool is null && _known.TryGetValue(name, out var group))
        {
            var flag = group.ToString().ToLowerInvariant();
            return ToolResults.Error(new ToolError(ErrorCodes.ToolNotEnabled, $"{name} is a tool of the '{flag}' group, which this server does not serve",
                $"tools/list shows what is available; an operator enables it by starting the server with --groups read,{flag}"));
        }
        if (tool is null) return await next(context, cancellationToken).ConfigureAwait(false); // the SDK reports an unknown tool
        stats.CountCall(name);
        if (!limiter.TryAcquire(ClientOf(context.Server), out var retryAfter))
        {
            return ToolResults.Error(new ToolError(ErrorCodes.RateLimited,
                $"this client is over its limit of {limiter.Options.CallsPerMinute} calls per minute (burst {limiter.Options.Burst})",
                $"wait {retryAfter.TotalSeconds:0} s before calling {name} again; ask for larger pages (limit) instead of many small calls"));
        }
        try
        {
            ArgumentValidator.Validate(name, tool.ProtocolTool.InputSchema, context.Params?.Arguments);
        }
        catch (ToolError e)
        {
            stats.CountRejected();
            return ToolResults.Error(e);
        }
        return await next(context, cancellationToken).ConfigureAwait(false);
    }
}

/// <summary>A tool the server has, whether or not its group is enabled.</summary>
/// <param name="Name">The tool's name.</param>
/// <param name="Group">Its group.</param>
public sealed record KnownTool(string Name, ToolGroups Group);
