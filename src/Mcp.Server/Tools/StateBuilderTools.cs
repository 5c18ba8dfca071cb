using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text.Json.Nodes;
using Mcp.Server.Authoring;
using Mcp.Server.Data;
using Mcp.Server.Results;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace Mcp.Server.Tools;

/// <summary><c>list_state_builders</c>: the shared state a signal can declare, from Signals.Library's own documentation.</summary>
public sealed class StateBuilderTools(SignalApiReference reference, MarketData data)
{
    /// <summary>Builders, sources and indicators.</summary>
    /// <param name="kind">Which kind.</param>
    /// <returns>The list.</returns>
    [McpServerTool(Name = "list_state_builders", ReadOnly = true, Destructive = false, Idempotent = true, OpenWorld = false)]
    [Description("State a signal can declare with setup.Use(…): builders (book, bars, trade flow…), source series and indicators (which compose), each with its call and one line of docs. Full API: resource deepwater://docs/signal-api.")]
    public CallToolResult ListStateBuilders(
        [Description("Only this kind; default all")][AllowedValues("all", "builder", "source", "indicator")] string kind = "all") => ToolRun.Safely(() =>
    {
        var rows = reference.StateBuilders.Where(b => kind == "all" || b.Kind == kind).ToList();
        var note = reference.DocumentationFound ? null : "Signals.Library.xml was not found beside the library: descriptions are empty";
        return ToolResults.List(rows, b => new JsonObject { ["kind"] = b.Kind, ["call"] = b.Call, ["returns"] = b.Returns, ["description"] = b.Summary },
            b => $"{b.Call} → {b.Returns}: {b.Summary}", "list_state_builders: call → returns: description",
            new ResultMeta(rows.Count, rows.Count, false, null, note), _ => null, data.Options.Caps.MaxResultChars);
    });
}
