using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Mcp.Server.Authoring;
using Mcp.Server.Data;
using Mcp.Server.Results;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;
using Signals.Runtime.Deployment;
using Signals.Runtime.Fires;
using Signals.Runtime.Worker;
using Signals.Runtime.Hosting;

#pragma warning disable CA1707 // tool parameters are snake_case on the wire, and the SDK takes their names from C#

namespace Mcp.Server.Tools;

/// <summary>
/// <c>commit_signal</c>, <c>disable_signal</c>, <c>rollback_signal</c>: deploying is committing to
/// the signals repository; the runtime follows HEAD. Each is one git commit authored by the MCP
/// client, and answers with the commit and, when the runtime is co-located, what it did with it.
/// </summary>
public sealed partial class DeploymentTools(SignalStore store, BacktestRunner runner, MarketData data, ISignalRuntimeView runtime)
{
    // One writer at a time: git's index is not for concurrent commits.
    private readonly SemaphoreSlim _writes = new(1, 1);

    /// <summary>Validates, smoke-tests and commits a signal.</summary>
    /// <param name="server">The session (its client is the commit's author).</param>
    /// <param name="progress">Progress of the smoke test.</param>
    /// <param name="name">The signal.</param>
    /// <param name="source">The C# file.</param>
    /// <param name="message">The commit message.</param>
    /// <param name="cancellationToken">The client's cancellation.</param>
    /// <returns>The commit.</returns>
    [McpServerTool(Name = "commit_signal", ReadOnly = false, Destructive = true, Idempotent = false, OpenWorld = false)]
    [Description("Deploy a signal: validate, smoke-test on the last 10 minutes of data (worker process), write signals/<name>.cs and git-commit it as you. The runtime hot-loads HEAD; a signal of that name is replaced. Returns the commit SHA and the deployment.")]
    public Task<CallToolResult> CommitSignal(McpServer server, IProgress<ProgressNotificationValue> progress,
        [Description("Signal name: letters, digits, underscores (the file stem)")][MaxLength(64)] string name,
        [Description("The whole C# file")][MaxLength(AuthoringTools.MaxSource)] string source,
        [Description("Commit message: what it detects or what changed")][MinLength(3)][MaxLength(500)] string message,
        CancellationToken cancellationToken = default) => ToolRun.SafelyAsync(async () =>
    {
        const string Tool = "commit_signal";
        SignalStore.Name(Tool, name);
        Message(Tool, message);
        var repository = store.Repository(Tool);
        var signal = AuthoringTools.Draft(name, source);
        var compiled = runner.Backtest.Compile(signal);
        if (!compiled.Success) throw BacktestRunner.CompileError(Tool, compiled.Errors.Select(d => d.ToString()));
        var smoke = await SmokeAsync(Tool, signal, progress, cancellationToken).ConfigureAwait(false);
        await _writes.WaitAsync(cancellationToken).ConfigureAwait(false);
        string sha;
        try
        {
            if (repository.Head() is { } head && repository.ReadSource(head, name) == source)
            {
                throw new ToolError(ErrorCodes.InvalidArgument, $"{Tool}: signals/{name}.cs at HEAD ({head[..12]}) already has this exact source", "nothing to commit; get_signal shows how it runs");
            }
            sha = repository.Commit(name, source, message.Trim(), ClientIdentity.Author(server));
        }
        finally
        {
            _writes.Release();
        }
        var live = await WaitForRuntimeAsync(name, s => s.Deployment.Commit == sha || s.Deployment.FailedCommit == sha, cancellationToken).ConfigureAwait(false);
        var result = Receipt(name, sha, server, live);
        result["smoke"] = smoke;
        return ToolResults.Object(result, $"{Tool}: {name} committed as {sha[..12]} by {ClientIdentity.Author(server).Name}; runtime: {Deployment(live)}");
    });

    /// <summary>Removes a signal in a commit.</summary>
    /// <param name="server">The session.</param>
    /// <param name="name">The signal.</param>
    /// <param name="message">The commit message.</param>
    /// <param name="cancellationToken">The client's cancellation.</param>
    /// <returns>The commit.</returns>
    [McpServerTool(Name = "disable_signal", ReadOnly = false, Destructive = true, Idempotent = false, OpenWorld = false)]
    [Description("Stop a signal: git-remove signals/<name>.cs in a commit as you; the runtime unloads it. Its history stays; rollback_signal restores it.")]
    public Task<CallToolResult> DisableSignal(McpServer server,
        [Description("Signal name, from list_signals")][MaxLength(64)] string name,
        [Description("Commit message: why it is disabled")][MaxLength(500)] string? message = null,
        CancellationToken cancellationToken = default) => ToolRun.SafelyAsync(async () =>
    {
        const string Tool = "disable_signal";
        store.SourceAtHead(Tool, name);
        if (message is not null) Message(Tool, message);
        var sha = await WriteAsync(() => store.Repository(Tool).Remove(name, message?.Trim() ?? $"Disable {name}", ClientIdentity.Author(server)), cancellationToken).ConfigureAwait(false);
        var live = await WaitForRuntimeAsync(name, s => s.Deployment.State == DeploymentState.Removed, cancellationToken).ConfigureAwait(false);
        return ToolResults.Object(Receipt(name, sha, server, live), $"{Tool}: {name} removed in {sha[..12]}; runtime: {Deployment(live)}");
    });

    /// <summary>Commits an earlier version again.</summary>
    /// <param name="server">The session.</param>
    /// <param name="name">The signal.</param>
    /// <param name="to_commit">The version to restore.</param>
    /// <param name="cancellationToken">The client's cancellation.</param>
    /// <returns>The commit.</returns>
    [McpServerTool(Name = "rollback_signal", ReadOnly = false, Destructive = true, Idempotent = false, OpenWorld = false)]
    [Description("Restore an earlier version of a signal in a new commit as you (default: the version before its latest change; also restores a disabled signal). The runtime swaps it in.")]
    public Task<CallToolResult> RollbackSignal(McpServer server,
        [Description("Signal name, from list_signals")][MaxLength(64)] string name,
        [Description("Commit SHA (7-40 hex) whose version to restore, from get_signal; default the previous one")][MaxLength(40)] string? to_commit = null,
        CancellationToken cancellationToken = default) => ToolRun.SafelyAsync(async () =>
    {
        const string Tool = "rollback_signal";
        SignalStore.Name(Tool, name);
        if (to_commit is not null && !Sha().IsMatch(to_commit))
        {
            throw new ToolError(ErrorCodes.InvalidArgument, $"{Tool}: 'to_commit' '{to_commit}' is not a commit SHA", "pass 7 to 40 hex digits from get_signal's commits, or omit it for the previous version");
        }
        var repository = store.Repository(Tool);
        var history = repository.History(name, 2);
        if (history.Count == 0) throw SignalStore.Unknown(Tool, name, repository.Head() is { } h ? [.. repository.List(h).Select(f => f.Name)] : []);
        string sha;
        try
        {
            sha = await WriteAsync(() => repository.Rollback(name, to_commit, ClientIdentity.Author(server)), cancellationToken).ConfigureAwait(false);
        }
        catch (InvalidOperationException e)
        {
            throw new ToolError(ErrorCodes.InvalidArgument, $"{Tool}: {e.Message}", "get_signal lists its commits; pass one that holds the signal as 'to_commit'");
        }
        catch (GitException)
        {
            throw new ToolError(ErrorCodes.InvalidArgument, $"{Tool}: '{to_commit}' is not a commit of the signals repository, or restores the version already at HEAD",
                "get_signal lists its commits; pass one of those as 'to_commit'");
        }
        var live = await WaitForRuntimeAsync(name, s => s.Deployment.Commit == sha || s.Deployment.FailedCommit == sha, cancellationToken).ConfigureAwait(false);
        return ToolResults.Object(Receipt(name, sha, server, live), $"{Tool}: {name} restored in {sha[..12]}; runtime: {Deployment(live)}");
    });

    /// <summary>The smoke test: the last window of every feed, in the worker; a version that fails to start or is quarantined is refused.</summary>
    private async Task<JsonObject> SmokeAsync(string tool, Signals.Runtime.Backtesting.BacktestSignal signal, IProgress<ProgressNotificationValue> progress, CancellationToken cancellationToken)
    {
        var feeds = data.Feeds().Where(f => f != SignalJournal.FeedName).ToList();
        var spans = feeds.Select(f => MarketData.Span(data.Journal(tool, f))).OfType<(long First, long Last)>().ToList();
        if (spans.Count == 0) return new JsonObject { ["skipped"] = "no recorded data in this environment to smoke-test against" };
        var end = spans.Max(s => s.Last) + 1;
        var start = end - (long)(runner.Options.SmokeWindow.Ticks * 100);
        var outcome = await runner.RunAsync(tool, new BacktestRequest(signal, feeds, null, start, end, runner.Options.MaxSmokeEvents, SignalIsolation.Worker),
            progress, cancellationToken).ConfigureAwait(false);
        if (outcome.Quarantined)
        {
            throw new ToolError(ErrorCodes.LoadFailed, $"{tool}: {signal.Name} was quarantined in its smoke test on the last {runner.Options.SmokeWindow.TotalMinutes:0} minutes of data: {outcome.Result.Status?.QuarantineReason}",
                "fix the failure (backtest_signal shows it with last_error), then commit again; nothing was committed");
        }
        var json = BacktestRunner.ToJson(outcome);
        json.Remove("first_fires");
        json.Remove("first_fires_note");
        return json;
    }

    private async Task<string> WriteAsync(Func<string> write, CancellationToken cancellationToken)
    {
        await _writes.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return write();
        }
        finally
        {
            _writes.Release();
        }
    }

    /// <summary>Waits (bounded) for a co-located runtime to act on a commit; null when there is none or it did not in time.</summary>
    private async Task<RuntimeSignalStatus?> WaitForRuntimeAsync(string name, Func<RuntimeSignalStatus, bool> done, CancellationToken cancellationToken)
    {
        if (!runtime.Available) return null;
        var deadline = DateTime.UtcNow + runner.Options.DeployWait;
        while (true)
        {
            var live = runtime.Get(name);
            if (live is not null && done(live)) return live;
            if (DateTime.UtcNow >= deadline) return live;
            await Task.Delay(50, cancellationToken).ConfigureAwait(false);
        }
    }

    private JsonObject Receipt(string name, string sha, McpServer server, RuntimeSignalStatus? live) => new()
    {
        ["name"] = name,
        ["commit"] = sha,
        ["author"] = ClientIdentity.Author(server).Name,
        ["file"] = $"signals/{name}.cs",
        ["runtime"] = runtime.Describe,
        ["live"] = SignalTools.LiveJson(live),
        ["next"] = runtime.Available ? "get_signal shows how it runs; get_signal_history its fires" : "the runtime deploys HEAD when it next sees it; get_signal shows the commit",
    };

    private string Deployment(RuntimeSignalStatus? live) => live is null ? runtime.Describe : $"{SignalTools.State(live)} at {live.Deployment.Commit?[..12] ?? "-"}";

    private static void Message(string tool, string message)
    {
        if (string.IsNullOrWhiteSpace(message) || message.Trim().Length < 3)
        {
            throw new ToolError(ErrorCodes.InvalidArgument, $"{tool}: the commit message is empty", "pass 'message' saying what the signal detects or what changed");
        }
    }

    [GeneratedRegex("^[0-9a-fA-F]{7,40}$")]
    private static partial Regex Sha();
}
