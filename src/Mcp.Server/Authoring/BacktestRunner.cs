using System.Globalization;
using System.Text.Json.Nodes;
using Mcp.Server.Data;
using Mcp.Server.Results;
using Mcp.Server.Validation;
using ModelContextProtocol;
using Signals.Library;
using Signals.Runtime.Backtesting;
using Signals.Runtime.Evaluation;
using Signals.Runtime.Fires;
using Signals.Runtime.Replay;
using Signals.Runtime.Worker;

namespace Mcp.Server.Authoring;

/// <summary>What to backtest: the version, the journals and range, and how far it may go.</summary>
/// <param name="Signal">The version.</param>
/// <param name="Feeds">Feed names.</param>
/// <param name="Symbols">Symbol patterns to keep; null keeps all.</param>
/// <param name="From">Inclusive start (receive time, UTC ns); null from the data's start.</param>
/// <param name="To">Exclusive end; null to the data's end.</param>
/// <param name="MaxEvents">Events replayed at most.</param>
/// <param name="Isolation">Where the version runs.</param>
public sealed record BacktestRequest(BacktestSignal Signal, IReadOnlyList<string> Feeds, IReadOnlyList<string>? Symbols, long? From, long? To, long MaxEvents, SignalIsolation Isolation);

/// <summary>A finished backtest with what was asked, for results.</summary>
/// <param name="Request">The request.</param>
/// <param name="Result">The run.</param>
/// <param name="From">The range start used.</param>
/// <param name="To">The range end used.</param>
/// <param name="CapReached">Whether it stopped at <see cref="BacktestRequest.MaxEvents"/>.</param>
public sealed record BacktestOutcome(BacktestRequest Request, BacktestResult Result, long From, long To, bool CapReached)
{
    /// <summary>Whether the signal ended quarantined.</summary>
    public bool Quarantined => Result.Status?.State == SignalState.Quarantined || Result.Status?.QuarantineReason is not null;
}

/// <summary>
/// Runs backtests for the MCP tools: resolves feeds, symbols and range into precise errors, runs
/// <see cref="SignalBacktest"/> off the request thread (in the worker process by
/// <see cref="SignalIsolationPolicy"/>), reports MCP progress, honours cancellation, and stops at
/// the event cap saying so.
/// </summary>
public sealed class BacktestRunner(MarketData data)
{
    private const int ProgressEvery = 65_536;

    /// <summary>Shared so drafts, backtests and commits of one source compile once.</summary>
    public SignalBacktest Backtest { get; } = new();

    /// <summary>The authoring settings.</summary>
    public AuthoringOptions Options => data.Options.Authoring;

    /// <summary>Runs <paramref name="request"/>.</summary>
    /// <param name="tool">The calling tool, for messages.</param>
    /// <param name="request">What to run.</param>
    /// <param name="progress">Where progress goes; null for none.</param>
    /// <param name="cancellationToken">The client's cancellation.</param>
    /// <returns>The outcome.</returns>
    public async Task<BacktestOutcome> RunAsync(string tool, BacktestRequest request, IProgress<ProgressNotificationValue>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var sources = request.Feeds.Select(f => new ReplaySource(data.Journal(tool, f))).ToList();
        CheckSymbols(tool, sources, request.Symbols);
        var spans = sources.Select(s => MarketData.Span(s.Journal)).OfType<(long First, long Last)>().ToList();
        if (spans.Count == 0)
        {
            throw new ToolError(ErrorCodes.NoData, $"{tool}: feed {string.Join(", ", request.Feeds)} has no events yet", "data_inventory shows which feeds hold data");
        }
        var from = request.From ?? spans.Min(s => s.First);
        var to = request.To ?? spans.Max(s => s.Last) + 1;
        TimeArgs.Ordered(tool, from, to);
        using var cap = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var capReached = false;
        var options = new ReplayOptions
        {
            From = from,
            To = to,
            Symbols = request.Symbols,
            ProgressEvery = ProgressEvery,
            Progress = p =>
            {
                var done = to > from ? Math.Clamp((double)(p.TsRecv - from) / (to - from), 0, 1) : 1;
                progress?.Report(new ProgressNotificationValue { Progress = (float)Math.Round(done * 100, 1), Total = 100, Message = $"{p.Events} events, {p.Fires} fires" });
                if (p.Events >= request.MaxEvents)
                {
                    capReached = true;
                    cap.Cancel();
                }
            },
        };
        BacktestResult result;
        try
        {
            // Replays are synchronous and CPU-bound: off the request thread, so the session keeps answering.
            result = await Task.Run(() => Backtest.Run(request.Signal, null, sources, options, request.Isolation, Options.Worker, Options.FirstFires, cap.Token),
                CancellationToken.None).ConfigureAwait(false);
        }
        catch (SignalBacktestException e) when (e.Diagnostics.Count > 0)
        {
            throw CompileError(tool, e.Diagnostics.Select(d => d.ToString()));
        }
        catch (SignalBacktestException e) when (e.WorkerUnavailable)
        {
            throw new ToolError(ErrorCodes.NotConfigured, $"{tool}: {Clip(e.Message)}",
                "an operator installs the signals-worker folder beside the server; drafts never run inside the server process");
        }
        catch (SignalBacktestException e)
        {
            throw new ToolError(ErrorCodes.LoadFailed, $"{tool}: {request.Signal.Name} compiled but did not start: {Clip(e.Message)}",
                "fix Configure (it must only declare subscriptions, state and parameters, within budget) and validate_signal again");
        }
        cancellationToken.ThrowIfCancellationRequested();
        progress?.Report(new ProgressNotificationValue { Progress = 100, Total = 100, Message = $"{result.Replay.Events} events, {result.Replay.Fires} fires" });
        return new BacktestOutcome(request, result, from, to, capReached);
    }

    /// <summary>A compile error naming the first diagnostics.</summary>
    /// <param name="tool">The calling tool.</param>
    /// <param name="diagnostics">The diagnostics as text.</param>
    /// <returns>The error.</returns>
    public static ToolError CompileError(string tool, IEnumerable<string> diagnostics)
    {
        var list = diagnostics.ToList();
        return new ToolError(ErrorCodes.CompileFailed, $"{tool}: the source does not compile: {string.Join("; ", list.Take(3))}{(list.Count > 3 ? $" (+{list.Count - 3} more)" : "")}",
            "validate_signal lists every diagnostic with its line, column and a hint; fix them and call again");
    }

    /// <summary>The outcome as JSON: summary first, then the first fires.</summary>
    /// <param name="outcome">The outcome.</param>
    /// <returns>The object.</returns>
    public static JsonObject ToJson(BacktestOutcome outcome)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        var (request, result) = (outcome.Request, outcome.Result);
        var replay = result.Replay;
        var status = result.Status;
        var fires = result.Fires;
        return new JsonObject
        {
            ["signal"] = request.Signal.Name,
            ["version"] = request.Signal.Commit.Length == 0 ? "draft" : request.Signal.Commit,
            ["source_hash"] = result.SourceHash,
            ["isolation"] = result.Isolation == SignalIsolation.Worker ? "worker" : "in-process",
            ["feeds"] = new JsonArray([.. request.Feeds.Select(f => (JsonNode)f)]),
            ["symbols"] = request.Symbols is null ? null : new JsonArray([.. request.Symbols.Select(s => (JsonNode)s)]),
            ["from"] = Json.Time(outcome.From),
            ["to"] = Json.Time(outcome.To),
            ["events"] = replay.Events,
            ["filtered"] = replay.Filtered,
            ["fires"] = replay.Fires,
            ["dropped_fires"] = status?.DroppedFires ?? 0,
            ["elapsed_ms"] = Math.Round(replay.Elapsed.TotalMilliseconds, 1),
            ["events_per_second"] = Math.Round(replay.EventsPerSecond),
            ["stopped"] = outcome.CapReached ? $"event cap ({request.MaxEvents}) reached; narrow from/to or symbols" : replay.Cancelled ? "cancelled" : null,
            ["signal_state"] = outcome.Quarantined ? "quarantined" : "running",
            ["errors"] = status?.Errors ?? 0,
            ["last_error"] = status?.QuarantineReason ?? status?.LastError,
            ["first_fire"] = fires.Count > 0 ? Json.Time(fires[0].TsEvent) : null,
            ["first_fires"] = new JsonArray([.. fires.Select(f => FireToJson(f))]),
            ["first_fires_note"] = replay.Fires > fires.Count ? $"first {fires.Count} of {replay.Fires} fires" : null,
        };
    }

    /// <summary>One line for the text block.</summary>
    /// <param name="outcome">The outcome.</param>
    /// <returns>The line.</returns>
    public static string Describe(BacktestOutcome outcome)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        var r = outcome.Result.Replay;
        var where = outcome.Result.Isolation == SignalIsolation.Worker ? "worker" : "in-process";
        return string.Create(CultureInfo.InvariantCulture, $"{outcome.Request.Signal.Name}: {r.Fires} fires over {r.Events} events ({r.EventsPerSecond:F0} events/s, {where})") +
            (outcome.Quarantined ? $"; QUARANTINED: {outcome.Result.Status?.QuarantineReason}" : "") + (outcome.CapReached ? "; stopped at the event cap" : "");
    }

    /// <summary>A fire as the signal tools show it: the fields webhooks and logs use.</summary>
    /// <param name="fire">The fire.</param>
    /// <param name="sequence">Its signal-journal sequence, when read from the journal.</param>
    /// <returns>The JSON.</returns>
    public static JsonObject FireToJson(in SignalFire fire, long? sequence = null)
    {
        var json = JsonNode.Parse(FireJson.ToUtf8(fire))!.AsObject();
        json["time"] = Json.Time(fire.TsEvent);
        if (sequence is { } s) json["seq"] = s;
        return json;
    }

    /// <summary>Text line of a fire.</summary>
    /// <param name="fire">The fire.</param>
    /// <returns>The line.</returns>
    public static string FireLine(in SignalFire fire) => $"{Json.Time(fire.TsEvent)} {fire.Feed}/{fire.Symbol} {FireJson.TypeName(fire.Type)}: {fire.Message}";

    private static void CheckSymbols(string tool, List<ReplaySource> sources, IReadOnlyList<string>? symbols)
    {
        foreach (var symbol in symbols ?? [])
        {
            if (symbol.IndexOfAny(['*', '?']) >= 0 || sources.Any(s => s.Journal.Symbols.TryGetId(symbol, out _))) continue;
            MarketData.Instrument(tool, sources[0].Journal, symbol); // throws the unknown-symbol error listing similar ones
        }
    }

    private static string Clip(string s) => s.Length <= 400 ? s : s[..400] + "…";
}
