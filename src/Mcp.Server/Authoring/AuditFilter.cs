using System.Text.Json;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace Mcp.Server.Authoring;

/// <summary>A tool whose every call goes into the audit log (those of the author and operator groups).</summary>
/// <param name="Name">The tool's name.</param>
public sealed record AuditedTool(string Name);

/// <summary>
/// The tools/call filter that writes each call of an audited tool to the <see cref="AuditLog"/>
/// with its outcome and any commit it made, refusals and cancellations included.
/// </summary>
public sealed class AuditFilter(AuditLog log, IEnumerable<AuditedTool> audited)
{
    private readonly HashSet<string> _audited = [.. audited.Select(a => a.Name)];

    /// <summary>Runs <paramref name="next"/> and records the call when its tool is audited.</summary>
    /// <param name="context">The call.</param>
    /// <param name="next">The rest of the pipeline.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The result of <paramref name="next"/>.</returns>
    public async ValueTask<CallToolResult> InvokeAsync(RequestContext<CallToolRequestParams> context,
        McpRequestHandler<CallToolRequestParams, CallToolResult> next, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        var tool = context.Params?.Name ?? "";
        if (!_audited.Contains(tool)) return await next(context, cancellationToken).ConfigureAwait(false);
        var client = ClientIdentity.Describe(context.Server);
        CallToolResult result;
        try
        {
            result = await next(context, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            log.Append(client, tool, context.Params?.Arguments, "cancelled", null);
            throw;
        }
        var (outcome, commit) = Outcome(result);
        log.Append(client, tool, context.Params?.Arguments, outcome, commit);
        return result;
    }

    private static (string Outcome, string? Commit) Outcome(CallToolResult result)
    {
        if (result.StructuredContent is not { ValueKind: JsonValueKind.Object } content) return (result.IsError == true ? "error" : "ok", null);
        if (result.IsError == true) return (content.TryGetProperty("code", out var code) ? code.GetString() ?? "error" : "error", null);
        var commit = content.TryGetProperty("data", out var data) && data.ValueKind == JsonValueKind.Object
            && data.TryGetProperty("commit", out var sha) && sha.ValueKind == JsonValueKind.String ? sha.GetString() : null;
        return ("ok", commit);
    }
}
