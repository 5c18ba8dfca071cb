using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text.Json.Nodes;
using Mcp.Server.Authoring;
using Mcp.Server.Feedback;
using Mcp.Server.Results;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace Mcp.Server.Tools;

/// <summary>
/// <c>report_issue</c>: an agent tells the operators something is wrong (bad data, a confusing tool,
/// a signal that misbehaves). In the read group on purpose: the agents most likely to hit a problem
/// are the read-only ones, and all it can do is append a bounded note to a journal operators read.
/// </summary>
public sealed class FeedbackTools(DeepwaterMcpOptions options, TimeProvider time)
{
    private readonly FeedbackJournal _journal = new(options.EnvironmentDirectory);

    /// <summary>Files a report.</summary>
    /// <param name="server">The session (for the client's name).</param>
    /// <param name="title">One line.</param>
    /// <param name="body">Details.</param>
    /// <returns>The receipt.</returns>
    [McpServerTool(Name = "report_issue", ReadOnly = false, Destructive = false, Idempotent = false, OpenWorld = false)]
    [Description("Tell the operators about a problem (wrong or missing data, a tool that misbehaves, a signal issue). Appended to a feedback journal they read; changes nothing else.")]
    public CallToolResult ReportIssue(McpServer server,
        [Description("One line: what is wrong")][MinLength(3)][MaxLength(200)] string title,
        [Description("Details: what you called, what you expected, what happened")][MaxLength(4000)] string body) => ToolRun.Safely(() =>
    {
        if (string.IsNullOrWhiteSpace(title))
        {
            throw new ToolError(ErrorCodes.InvalidArgument, "report_issue: 'title' is empty", "pass a one-line 'title' saying what is wrong");
        }
        var entry = new FeedbackEntry(time.GetUtcNow(), ClientIdentity.Describe(server), title.Trim(), body);
        var count = _journal.Append(entry);
        return ToolResults.Object(new JsonObject { ["recorded"] = true, ["title"] = entry.Title, ["reports"] = count },
            $"report_issue: recorded \"{entry.Title}\" for the operators (deepwater feedback list)");
    });
}
