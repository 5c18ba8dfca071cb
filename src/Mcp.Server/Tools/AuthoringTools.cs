using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Text.Json.Nodes;
using Mcp.Server.Authoring;
using Mcp.Server.Data;
using Mcp.Server.Results;
using Mcp.Server.Validation;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;
using Signals.Runtime.Backtesting;
using Signals.Runtime.Compilation;
using Signals.Runtime.Deployment;
using Signals.Runtime.Evaluation;

#pragma warning disable CA1707 // tool parameters are snake_case on the wire, and the SDK takes their names from C#

// Sampling is deprecated by the 2026-07-28 spec (SEP-2577) but is how a client lends the server its own model; the
// server holds no model key. Revisit when the SDK ships its replacement.
#pragma warning disable MCP9005

namespace Mcp.Server.Tools;

/// <summary><c>validate_signal</c>, <c>backtest_signal</c>, <c>draft_signal</c>: write and try signals without deploying anything.</summary>
public sealed partial class AuthoringTools(BacktestRunner runner, SignalStore store, MarketData data, SignalApiReference reference)
{
    /// <summary>Longest source accepted.</summary>
    public const int MaxSource = 64_000;

    /// <summary>Compiles a draft through the sandbox.</summary>
    /// <param name="source">The C# file.</param>
    /// <param name="name">The signal's name.</param>
    /// <returns>The diagnostics.</returns>
    [McpServerTool(Name = "validate_signal", ReadOnly = true, Destructive = false, Idempotent = true, OpenWorld = false)]
    [Description("Compile a signal's C# source through the sandbox (syntax, allowlist, shape, fuel, emitted IL). Returns valid and every diagnostic with line, column, layer and a hint. Runs nothing.")]
    public CallToolResult ValidateSignal(
        [Description("The whole C# file")][MaxLength(MaxSource)] string source,
        [Description("Signal name (file stem) the diagnostics use")][MaxLength(64)] string name = "draft") => ToolRun.Safely(() =>
    {
        const string Tool = "validate_signal";
        SignalStore.Name(Tool, name);
        var result = runner.Backtest.Compile(Draft(name, source));
        var errors = result.Errors.Count();
        var rows = result.Diagnostics;
        var extra = new JsonObject
        {
            ["valid"] = result.Success,
            ["errors"] = errors,
            ["warnings"] = rows.Count - errors,
            ["class_name"] = result.ClassName,
            ["source_hash"] = result.SourceHash,
            ["compile_ms"] = Math.Round(result.Elapsed.TotalMilliseconds, 1),
        };
        return ToolResults.List(rows, DiagnosticJson, d => d.ToString(),
            result.Success ? $"{Tool}: valid ({rows.Count} warnings); next: backtest_signal" : $"{Tool}: INVALID, {errors} errors (fix them and validate again)",
            new ResultMeta(rows.Count, rows.Count, false, null), _ => null, data.Options.Caps.MaxResultChars, extra);
    });

    /// <summary>Replays recorded data through a draft or a committed signal.</summary>
    /// <param name="server">The session.</param>
    /// <param name="request">The call, for its progress token.</param>
    /// <param name="progress">Progress notifications.</param>
    /// <param name="feed">The feed.</param>
    /// <param name="source">A draft.</param>
    /// <param name="name">A committed signal.</param>
    /// <param name="symbols">Symbols.</param>
    /// <param name="from">Range start.</param>
    /// <param name="to">Range end.</param>
    /// <param name="cancellationToken">The client's cancellation.</param>
    /// <returns>The summary and first fires.</returns>
    [McpServerTool(Name = "backtest_signal", ReadOnly = true, Destructive = false, Idempotent = true, OpenWorld = false)]
    [Description("Replay a feed's recorded data through a draft (source) or a committed signal (name), in the sandboxed worker process: fire count, per-signal health, events/s and the first fires. Deploys nothing. Sends progress; cancellable.")]
    public Task<CallToolResult> BacktestSignal(McpServer server, RequestContext<CallToolRequestParams> request, IProgress<ProgressNotificationValue> progress,
        [Description("Feed to replay, from list_markets")][MaxLength(64)] string feed,
        [Description("Draft C# source; pass this or name")][MaxLength(MaxSource)] string? source = null,
        [Description("Committed signal to replay at HEAD; pass this or source")][MaxLength(64)] string? name = null,
        [Description("Comma-separated symbols (* and ? allowed); default all")][MaxLength(1000)] string? symbols = null,
        [Description("Start (inclusive, receive time); default: the feed's start")][MaxLength(64)] string? from = null,
        [Description("End (exclusive); default: the feed's end")][MaxLength(64)] string? to = null,
        CancellationToken cancellationToken = default) => ToolRun.SafelyAsync(async () =>
    {
        const string Tool = "backtest_signal";
        _ = server;
        if ((source is null) == (name is null))
        {
            throw new ToolError(ErrorCodes.InvalidArgument, $"{Tool}: pass exactly one of 'source' (a draft) or 'name' (a committed signal)",
                "pass 'source' with the C# file, or 'name' from list_signals");
        }
        var (signal, isolation) = source is not null ? (Draft("draft", source), Isolation(Draft("draft", source), agentWritten: true)) : Committed(Tool, name!);
        var (start, end) = Range(Tool, from, to);
        var outcome = await runner.RunAsync(Tool, new BacktestRequest(signal, [feed], ParseSymbols(Tool, symbols), start, end, runner.Options.MaxBacktestEvents, isolation),
            progress, cancellationToken).ConfigureAwait(false);
        if (request.Params?.ProgressToken is { } token)
        {
            // Sent and awaited before the result: a client stops listening for a request's progress once it has the answer.
            await server.NotifyProgressAsync(token, new ProgressNotificationValue
            {
                Progress = 100,
                Total = 100,
                Message = $"{outcome.Result.Replay.Events} events, {outcome.Result.Replay.Fires} fires",
            }, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        var json = BacktestRunner.ToJson(outcome);
        return ToolResults.Object(json, $"{Tool}: {BacktestRunner.Describe(outcome)}", lines: outcome.Result.Fires.Select(f => BacktestRunner.FireLine(f)));
    });

    /// <summary>Has the client's own model write a signal.</summary>
    /// <param name="server">The session (sampling goes through it).</param>
    /// <param name="progress">Progress notifications.</param>
    /// <param name="description">What to detect.</param>
    /// <param name="feed">The feed.</param>
    /// <param name="symbols">Symbols.</param>
    /// <param name="from">Backtest start.</param>
    /// <param name="to">Backtest end.</param>
    /// <param name="cancellationToken">The client's cancellation.</param>
    /// <returns>The draft, its rounds and backtest.</returns>
    [McpServerTool(Name = "draft_signal", ReadOnly = true, Destructive = false, Idempotent = false, OpenWorld = false)]
    [Description("Write a signal from a description with YOUR model (MCP sampling; the server has no model): it gets the API reference, compile errors go back for up to 3 rounds, then the draft is backtested. Returns the source; commits nothing.")]
    public Task<CallToolResult> DraftSignal(McpServer server, IProgress<ProgressNotificationValue> progress,
        [Description("What the signal should detect, in plain words")][MinLength(10)][MaxLength(2000)] string description,
        [Description("Feed it runs on, from list_markets")][MaxLength(64)] string feed,
        [Description("Comma-separated symbols (* and ? allowed); default all")][MaxLength(1000)] string? symbols = null,
        [Description("Backtest start; default: the feed's start")][MaxLength(64)] string? from = null,
        [Description("Backtest end; default: the feed's end")][MaxLength(64)] string? to = null,
        CancellationToken cancellationToken = default) => ToolRun.SafelyAsync(async () =>
    {
        const string Tool = "draft_signal";
        ArgumentNullException.ThrowIfNull(server);
        if (server.ClientCapabilities?.Sampling is null)
        {
            throw new ToolError(ErrorCodes.SamplingUnavailable, $"{Tool}: this client does not offer sampling (its own model), which drafting needs",
                "write the source yourself (prompt write_signal, resource deepwater://docs/signal-api), then validate_signal and backtest_signal");
        }
        data.Journal(Tool, feed); // an unknown feed fails before the model is asked
        var symbolList = ParseSymbols(Tool, symbols);
        var (start, end) = Range(Tool, from, to);
        var draft = await new DraftLoop(server, runner, reference).RunAsync(description, feed, symbols, progress, cancellationToken).ConfigureAwait(false);
        var result = new JsonObject
        {
            ["compiled"] = draft.Compiled,
            ["rounds"] = draft.Rounds.Count,
            ["round_errors"] = new JsonArray([.. draft.Rounds.Select(r => (JsonNode)new JsonObject { ["round"] = r.Round, ["errors"] = r.Errors, ["first"] = r.First })]),
            ["source"] = draft.Source,
            ["committed"] = false,
        };
        var lines = new List<string>();
        if (draft.Compiled)
        {
            try
            {
                var signal = Draft("draft", draft.Source!);
                var outcome = await runner.RunAsync(Tool, new BacktestRequest(signal, [feed], symbolList, start, end, runner.Options.MaxBacktestEvents, Isolation(signal, agentWritten: true)),
                    progress, cancellationToken).ConfigureAwait(false);
                result["backtest"] = BacktestRunner.ToJson(outcome);
                lines.Add("backtest: " + BacktestRunner.Describe(outcome));
            }
            catch (ToolError e)
            {
                result["backtest"] = null;
                result["backtest_error"] = $"{e.Code}: {e.Message}";
                lines.Add($"backtest failed: {e.Code}: {e.Message}");
            }
        }
        var next = draft.Compiled ? "review it, then commit_signal with a name" : "fix the remaining errors (validate_signal) or call draft_signal with a clearer description";
        var text = ToolResults.Object(result, $"{Tool}: {(draft.Compiled ? "compiled" : "did NOT compile")} after {draft.Rounds.Count} round(s); {next}", lines: lines);
        if (draft.Source is not null) text.Content.Add(new TextContentBlock { Text = "draft source:\n" + Clip(draft.Source, SignalTools.MaxSourceChars) });
        return text;
    });

    /// <summary>A draft version (no commit) named <paramref name="name"/>.</summary>
    /// <param name="name">The name.</param>
    /// <param name="source">The source.</param>
    /// <returns>The version.</returns>
    public static BacktestSignal Draft(string name, string source) => new(name, $"signals/{name}.cs", source);

    /// <summary>Where a version runs, by the server's policy.</summary>
    /// <param name="signal">The version.</param>
    /// <param name="agentWritten">Whether an agent wrote or last changed it.</param>
    /// <returns>The isolation.</returns>
    public Signals.Runtime.Worker.SignalIsolation Isolation(BacktestSignal signal, bool agentWritten)
    {
        ArgumentNullException.ThrowIfNull(signal);
        return runner.Options.Isolation.For(new SignalIdentity(signal.Name, signal.Commit, ""), agentWritten);
    }

    /// <summary>Parses a comma-separated symbol list; null or empty gives null (all).</summary>
    /// <param name="tool">The calling tool.</param>
    /// <param name="symbols">The list.</param>
    /// <returns>The symbols.</returns>
    public static IReadOnlyList<string>? ParseSymbols(string tool, string? symbols)
    {
        if (string.IsNullOrWhiteSpace(symbols)) return null;
        var list = symbols.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Distinct(StringComparer.Ordinal).ToList();
        if (list.Count > 50 || list.Any(s => s.Length > 128))
        {
            throw new ToolError(ErrorCodes.InvalidArgument, $"{tool}: 'symbols' names {list.Count} symbols (at most 50, each up to 128 characters)", "pass fewer symbols, or a pattern such as BTC-*");
        }
        return list;
    }

    /// <summary>Parses from/to; both given must be ordered.</summary>
    /// <param name="tool">The calling tool.</param>
    /// <param name="from">Start text.</param>
    /// <param name="to">End text.</param>
    /// <returns>The instants, null where not given.</returns>
    public (long? From, long? To) Range(string tool, string? from, string? to)
    {
        var now = data.Now;
        var start = TimeArgs.Instant(tool, "from", from, now);
        var end = TimeArgs.Instant(tool, "to", to, now);
        if (start is { } s && end is { } e) TimeArgs.Ordered(tool, s, e);
        return (start, end);
    }

    private (BacktestSignal Signal, Signals.Runtime.Worker.SignalIsolation Isolation) Committed(string tool, string name)
    {
        var (source, head) = store.SourceAtHead(tool, name);
        var last = store.Repository(tool).History(name, 1).FirstOrDefault();
        var signal = new BacktestSignal(name, $"signals/{name}.cs", source, head);
        return (signal, Isolation(signal, agentWritten: last is null || SignalAuthor.IsAgent(last.Author)));
    }

    private static JsonNode DiagnosticJson(SignalDiagnostic d) => new JsonObject
    {
        ["severity"] = d.Severity,
        ["id"] = d.Id,
        ["layer"] = d.Layer,
        ["line"] = d.Line,
        ["column"] = d.Column,
        ["message"] = d.Message,
        ["hint"] = d.Hint.Length > 0 ? d.Hint : null,
    };

    private static string Clip(string s, int max) => s.Length <= max ? s : s[..max] + string.Create(CultureInfo.InvariantCulture, $"\n… ({s.Length - max} more characters in structuredContent.data.source)");
}
