using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Mcp.Server.Authoring;
using Mcp.Server.Data;
using Mcp.Server.Results;
using Mcp.Server.Validation;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;
using Signals.Runtime.Deployment;
using Signals.Runtime.Fires;
using Signals.Runtime.Hosting;

#pragma warning disable CA1707 // tool parameters are snake_case on the wire, and the SDK takes their names from C#

namespace Mcp.Server.Tools;

/// <summary><c>list_signals</c>, <c>get_signal</c>, <c>get_signal_history</c>: the committed signals, how they run, and what they fired.</summary>
public sealed partial class SignalTools(SignalStore store, ISignalRuntimeView runtime, ISignalFireSource fires, MarketData data)
{
    /// <summary>Characters of source a result carries (twice: structured and text).</summary>
    public const int MaxSourceChars = 8_000;

    private static readonly long RecentWindow = TimeSpan.FromHours(24).Ticks * 100;

    /// <summary>The signals committed at HEAD.</summary>
    /// <param name="limit">Page size.</param>
    /// <param name="cursor">Page cursor.</param>
    /// <returns>The page.</returns>
    [McpServerTool(Name = "list_signals", ReadOnly = true, Destructive = false, Idempotent = true, OpenWorld = false)]
    [Description("Signals committed at HEAD of the signals repository: last commit and author, description, live state (running/broken/quarantined), fires in the last 24h of the signal journal.")]
    public CallToolResult ListSignals(
        [Description("Page size")][Range(1, 200)] int limit = 100,
        [Description("meta.next_cursor of the previous page")][MaxLength(200)] string? cursor = null) => ToolRun.Safely(() =>
    {
        const string Tool = "list_signals";
        var offset = (int)Math.Clamp(Cursor.Decode(Tool, cursor) ?? 0, 0, int.MaxValue);
        var repository = store.Repository(Tool);
        var head = repository.Head();
        var files = head is null ? [] : repository.List(head);
        var shown = files.Skip(offset).Take(limit).ToList();
        var (recent, unknown) = RecentFires(Tool, [.. shown.Select(f => f.Name)]);
        var rows = shown.Select(f =>
        {
            var commit = repository.History(f.Name, 1).FirstOrDefault();
            var live = runtime.Get(f.Name);
            return new JsonObject
            {
                ["name"] = f.Name,
                ["commit"] = commit?.Sha,
                ["author"] = commit?.Author,
                ["committed"] = commit?.Time.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture),
                ["description"] = Description(repository.ReadSource(head!, f.Name) ?? ""),
                ["status"] = State(live),
                ["fires_24h"] = unknown is null ? recent.GetValueOrDefault(f.Name)?.Count ?? 0 : null,
                ["last_fire"] = recent.TryGetValue(f.Name, out var count) ? Json.Time(count.Last) : null,
            };
        }).ToList();
        var note = head is null ? "the signals repository has no commits yet" : runtime.Available ? null : runtime.Describe;
        if (unknown is not null) note = note is null ? unknown : $"{note}; {unknown}";
        var meta = ResultMeta.Page(Tool, offset, rows.Count, files.Count, note);
        return ToolResults.List(rows, r => r, r => $"{r["name"]} {r["status"]} commit={Short((string?)r["commit"])} fires_24h={r["fires_24h"]} {r["description"]}",
            $"{Tool} at {Short(head)}: name status commit fires_24h description", meta, i => Cursor.Encode(Tool, offset + i), data.Options.Caps.MaxResultChars);
    });

    /// <summary>One signal: source, history and live state.</summary>
    /// <param name="name">The signal.</param>
    /// <param name="history_limit">Commits to list.</param>
    /// <returns>The signal.</returns>
    [McpServerTool(Name = "get_signal", ReadOnly = true, Destructive = false, Idempotent = true, OpenWorld = false)]
    [Description("One signal: its source at HEAD, its commits (newest first), and how it runs now: deployment state, the commit running, the last error, fires and quarantine.")]
    public CallToolResult GetSignal(
        [Description("Signal name, from list_signals")][MaxLength(64)] string name,
        [Description("Commits to list, newest first")][Range(1, 50)] int history_limit = 10) => ToolRun.Safely(() =>
    {
        const string Tool = "get_signal";
        SignalStore.Name(Tool, name);
        var repository = store.Repository(Tool);
        var head = repository.Head();
        var source = head is null ? null : repository.ReadSource(head, name);
        var commits = repository.History(name, history_limit);
        var live = runtime.Get(name);
        if (source is null && commits.Count == 0 && live is null)
        {
            throw SignalStore.Unknown(Tool, name, head is null ? [] : [.. repository.List(head).Select(f => f.Name)]);
        }
        var clipped = source is { Length: > MaxSourceChars };
        var shown = clipped ? source![..MaxSourceChars] : source;
        var result = new JsonObject
        {
            ["name"] = name,
            ["at_head"] = source is not null,
            ["head"] = head,
            ["source"] = shown,
            ["source_note"] = clipped ? $"source cut at {MaxSourceChars} of {source!.Length} characters; read deepwater://signals/{name} for all of it" : source is null ? "not at HEAD (removed, or never committed)" : null,
            ["commits"] = new JsonArray([.. commits.Select(c => (JsonNode)new JsonObject
            {
                ["commit"] = c.Sha,
                ["author"] = c.Author,
                ["time"] = c.Time.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture),
                ["subject"] = c.Subject,
            })]),
            ["live"] = LiveJson(live),
        };
        var lines = new List<string> { $"live: {State(live)} running={Short(live?.Deployment.Commit)}" + (Error(live) is { } e ? $" last_error={e}" : "") };
        lines.AddRange(commits.Select(c => $"commit {Short(c.Sha)} {c.Time.UtcDateTime:yyyy-MM-dd HH:mm} {c.Author}: {c.Subject}"));
        var text = ToolResults.Object(result, $"{Tool} {name}: {State(live)}, {commits.Count} commits", lines: lines);
        if (shown is not null) text.Content.Add(new TextContentBlock { Text = "source at HEAD:\n" + shown });
        return text;
    });

    /// <summary>A signal's fires from the signal journal.</summary>
    /// <param name="name">The signal.</param>
    /// <param name="from">Range start.</param>
    /// <param name="to">Range end.</param>
    /// <param name="limit">Page size.</param>
    /// <param name="cursor">Page cursor.</param>
    /// <returns>The page.</returns>
    [McpServerTool(Name = "get_signal_history", ReadOnly = true, Destructive = false, Idempotent = true, OpenWorld = false)]
    [Description("Fires a signal recorded in the signal journal, oldest first: time, feed/symbol, message, fields, the commit that fired.")]
    public CallToolResult GetSignalHistory(
        [Description("Signal name, from list_signals")][MaxLength(64)] string name,
        [Description("Start (inclusive); default: the journal's start")][MaxLength(64)] string? from = null,
        [Description("End (exclusive); default: the journal's end")][MaxLength(64)] string? to = null,
        [Description("Page size")][Range(1, 1000)] int limit = 100,
        [Description("meta.next_cursor of the previous page")][MaxLength(200)] string? cursor = null) => ToolRun.Safely(() =>
    {
        const string Tool = "get_signal_history";
        SignalStore.Name(Tool, name);
        var now = data.Now;
        var start = TimeArgs.Instant(Tool, "from", from, now) ?? long.MinValue;
        var end = TimeArgs.Instant(Tool, "to", to, now) ?? long.MaxValue;
        if (from is not null || to is not null) TimeArgs.Ordered(Tool, start, end);
        var resume = Cursor.Decode(Tool, cursor);
        var size = TimeArgs.Limit(Tool, limit, data.Options.Caps);
        if (fires.History(Tool, name, start, end, size, resume, out var none) is not { } history)
        {
            var known = KnownToRepository(name);
            if (!known) throw new ToolError(ErrorCodes.UnknownSignal, $"{Tool}: no signal '{name}' has commits or fires", "list_signals shows every signal");
            var empty = new ResultMeta(0, 0, false, null, none);
            return ToolResults.List(Array.Empty<JsonObject>(), r => r, r => "", $"{Tool} {name}: no fires", empty, _ => null, data.Options.Caps.MaxResultChars);
        }
        var page = history.Fires;
        var more = history.Next is not null;
        var meta = new ResultMeta(page.Count, more ? null : page.Count + (resume is null ? 0 : (long?)null), more, more ? Cursor.Encode(Tool, history.Next!.Value) : null);
        return ToolResults.List(page, f => BacktestRunner.FireToJson(f.Fire, f.Sequence), f => BacktestRunner.FireLine(f.Fire),
            $"{Tool} {name}: time feed/symbol type: message", meta, i => Cursor.Encode(Tool, page[i].Sequence), data.Options.Caps.MaxResultChars);
    });

    /// <summary>A signal's live state as JSON, or null when the runtime does not know it.</summary>
    /// <param name="live">The state.</param>
    /// <returns>The JSON.</returns>
    public static JsonObject? LiveJson(RuntimeSignalStatus? live) => live is null ? null : new JsonObject
    {
        ["state"] = State(live),
        ["deployment"] = live.Deployment.State.ToString().ToLowerInvariant(),
        ["commit_running"] = live.Deployment.Commit,
        ["deployed_at"] = live.Deployment.DeployedAt?.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", System.Globalization.CultureInfo.InvariantCulture),
        ["failed_commit"] = live.Deployment.FailedCommit,
        ["last_error"] = Error(live),
        ["events"] = live.Evaluation?.Events,
        ["fires"] = live.Evaluation?.Fires,
        ["errors"] = live.Evaluation?.Errors,
        ["quarantine_reason"] = live.Evaluation?.QuarantineReason,
    };

    /// <summary><c>running</c>, <c>quarantined</c>, <c>broken</c> (the latest commit failed; a previous version may run), <c>removed</c>, or <c>not_deployed</c>.</summary>
    /// <param name="live">The state, or null.</param>
    /// <returns>The word.</returns>
    public static string State(RuntimeSignalStatus? live) => live switch
    {
        null => "not_deployed",
        { Evaluation.QuarantineReason: not null } => "quarantined",
        { Deployment.State: DeploymentState.Broken } => "broken",
        { Deployment.State: DeploymentState.Removed } => "removed",
        _ => "running",
    };

    private static string? Error(RuntimeSignalStatus? live) => live?.Evaluation?.QuarantineReason ?? live?.Deployment.Error ?? live?.Evaluation?.LastError;

    private bool KnownToRepository(string name)
    {
        try
        {
            return store.Repository("get_signal_history").History(name, 1).Count > 0;
        }
        catch (ToolError)
        {
            return false;
        }
    }

    /// <summary>Fires per signal over the last 24 hours of the journal, and each one's last fire, within the scan budget; or why they are unknown.</summary>
    private (IReadOnlyDictionary<string, SignalFireCount> Counts, string? Unknown) RecentFires(string tool, IReadOnlyList<string> names)
    {
        try
        {
            return (fires.Recent(tool, names, RecentWindow, data.Options.Caps.ScanBudget), null);
        }
        catch (ToolError e)
        {
            // The list is still worth having without its fire figures.
            return (new Dictionary<string, SignalFireCount>(), $"fires_24h unknown: {e.Message}");
        }
    }

    private static string? Description(string source) => DescribeCall().Match(source) is { Success: true } m ? Regex.Unescape(m.Groups[1].Value) : null;

    private static string Short(string? sha) => sha is { Length: > 12 } ? sha[..12] : sha ?? "-";

    [GeneratedRegex("""\.Describe\(\s*"((?:[^"\\]|\\.)*)"\s*\)""")]
    private static partial Regex DescribeCall();
}
