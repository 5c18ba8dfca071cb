using System.Text.Json;
using Market.Core.Journal;
using Mcp.Server.Authoring;
using Microsoft.Extensions.DependencyInjection;
using Signals.Runtime.Backtesting;
using Signals.Runtime.Deployment;
using Signals.Runtime.Hosting;
using Signals.Runtime.Replay;

namespace Mcp.Server.Tests;

/// <summary>
/// The whole loop in a temporary repository and data directory, over the SDK's client: validate,
/// backtest (in the worker, fires equal to an in-process replay), commit as the MCP client, a
/// co-located runtime loads it, its fires show in get_signal_history, a new version, then a
/// rollback the runtime swaps back to.
/// </summary>
public sealed class AuthoringLoopTests : IAsyncLifetime
{
    private const string Name = "every_nth_trade";
    private CaptureJournal _data = null!;
    private string _signals = null!;
    private SignalRuntimeHost _runtime = null!;
    private InProcessServer _server = null!;

    public async Task InitializeAsync()
    {
        _data = await CaptureJournal.CreateAsync();
        _signals = Path.Combine(_data.DataDirectory, "signals-repo");
        SignalRepository.Open(_signals, initialize: true);
        // Built now, started after the first commit: FromStart then replays the capture through it.
        _runtime = new SignalRuntimeHost(new SignalRuntimeOptions { SignalsDirectory = _signals, DataDirectory = _data.DataDirectory, Environment = CaptureJournal.Env, FromStart = true });
        var options = McpFixture.Options(_data.DataDirectory) with
        {
            Groups = ToolGroups.Read | ToolGroups.Author | ToolGroups.Operator,
            SignalsDirectory = _signals,
            RateLimit = new RateLimitOptions(CallsPerMinute: 0),
        };
        _server = await InProcessServer.StartAsync(options, services => services.AddSingleton(_runtime));
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        await _runtime.DisposeAsync();
        _data.Dispose();
    }

    [Fact]
    public async Task AuthoringLoop_ValidateBacktestCommitRunRollback_EndToEnd()
    {
        var client = _server.Client;
        var v1 = TestSignals.EveryNthTrade(10);
        var v2 = TestSignals.EveryNthTrade(20);

        // validate: the typo is reported on its line, with a column; the fixed source passes.
        var invalid = (await client.OkAsync("validate_signal", new { source = TestSignals.Broken, name = Name })).Data();
        Assert.False(invalid.GetProperty("valid").GetBoolean());
        var error = invalid.GetProperty("items").EnumerateArray().First(d => d.GetProperty("severity").GetString() == "error");
        Assert.Equal(TestSignals.BrokenLine, error.GetProperty("line").GetInt32());
        Assert.True(error.GetProperty("column").GetInt32() > 1);
        Assert.Contains("contxt", error.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.True((await client.OkAsync("validate_signal", new { source = v1, name = Name })).Data().GetProperty("valid").GetBoolean());

        // backtest: in the worker, the same fires as an in-process replay of the same range.
        var backtest = (await client.OkAsync("backtest_signal", new { source = v1, feed = CaptureJournal.Feed, symbols = "BTC-USD" })).Data();
        Assert.Equal("worker", backtest.GetProperty("isolation").GetString());
        using (var journal = _data.Open())
        {
            var local = new SignalBacktest().Run(new BacktestSignal("draft", "signals/draft.cs", v1), null, [new ReplaySource(journal)],
                new ReplayOptions { Symbols = ["BTC-USD"] });
            Assert.True(local.Replay.Fires > 0, "the test signal fires on the capture");
            Assert.Equal(local.Replay.Fires, backtest.GetProperty("fires").GetInt64());
            Assert.Equal(local.Replay.Events, backtest.GetProperty("events").GetInt64());
            var shown = backtest.GetProperty("first_fires").EnumerateArray().ToList();
            Assert.Equal(local.Fires.Take(shown.Count).Select(f => f.Message), shown.Select(f => f.GetProperty("message").GetString()));
            Assert.Equal(local.Fires.Take(shown.Count).Select(f => f.TriggerSequence), shown.Select(f => f.GetProperty("trigger_sequence").GetInt64()));
        }

        // commit: the SHA comes back and git names the MCP client as the author.
        var committed = (await client.OkAsync("commit_signal", new { name = Name, source = v1, message = "Every 10th BTC-USD trade" })).Data();
        var sha1 = committed.GetProperty("commit").GetString()!;
        Assert.Matches("^[0-9a-f]{40}$", sha1);
        Assert.Equal("claude-ai (via Deepwater MCP)", Git("log", "-1", "--format=%an"));
        Assert.Equal(sha1, Git("rev-parse", "HEAD"));
        Assert.True(File.Exists(Path.Combine(_signals, Name + ".cs")));

        // the runtime (co-located, from the journal's start) loads it and its fires reach the signal journal.
        await _runtime.StartAsync();
        var live = await EventuallyAsync(async () =>
        {
            var s = (await client.OkAsync("get_signal", new { name = Name })).Data();
            return s.GetProperty("live").ValueKind == JsonValueKind.Object && s.GetProperty("live").GetProperty("commit_running").GetString() == sha1 ? s : (JsonElement?)null;
        });
        Assert.Equal("running", live.GetProperty("live").GetProperty("state").GetString());
        Assert.Equal(v1, live.GetProperty("source").GetString());
        var history = await EventuallyAsync(async () =>
        {
            var h = await client.OkAsync("get_signal_history", new { name = Name });
            return h.Data().GetArrayLength() > 0 ? h : (JsonElement?)null;
        });
        var fire = history.Data()[0];
        Assert.Equal(sha1, fire.GetProperty("commit").GetString());
        Assert.Equal(backtest.GetProperty("first_fires")[0].GetProperty("message").GetString(), fire.GetProperty("message").GetString());

        // a second version: the runtime swaps it in.
        var second = (await client.OkAsync("commit_signal", new { name = Name, source = v2, message = "Every 20th trade instead" })).Data();
        var sha2 = second.GetProperty("commit").GetString()!;
        Assert.Equal(sha2, second.GetProperty("live").GetProperty("commit_running").GetString());

        // rollback: a new commit restoring v1; the runtime swaps back.
        var rolled = (await client.OkAsync("rollback_signal", new { name = Name })).Data();
        var sha3 = rolled.GetProperty("commit").GetString()!;
        Assert.NotEqual(sha1, sha3);
        Assert.Equal(sha3, rolled.GetProperty("live").GetProperty("commit_running").GetString());
        Assert.Equal(v1, File.ReadAllText(Path.Combine(_signals, Name + ".cs")));
        var after = (await client.OkAsync("get_signal", new { name = Name })).Data();
        Assert.Equal(v1, after.GetProperty("source").GetString());
        Assert.Equal(3, after.GetProperty("commits").GetArrayLength());
        Assert.Equal("running", after.GetProperty("live").GetProperty("state").GetString());

        // list_signals and the runtime section of system_status see it; the audit log has every authoring call.
        var listed = (await client.OkAsync("list_signals")).Data()[0];
        Assert.Equal(Name, listed.GetProperty("name").GetString());
        Assert.Equal("running", listed.GetProperty("status").GetString());
        Assert.True(listed.GetProperty("fires_24h").GetInt64() > 0);
        var runtime = (await client.OkAsync("system_status")).Data().GetProperty("sections").GetProperty("runtime");
        Assert.True(runtime.GetProperty("available").GetBoolean());
        Assert.Equal(1, runtime.GetProperty("loaded").GetInt32());
        var audit = _server.Services.GetRequiredService<AuditLog>().ReadAll();
        Assert.Equal(["validate_signal", "validate_signal", "backtest_signal", "commit_signal", "commit_signal", "rollback_signal"], audit.Select(a => (string)a["tool"]!));
        Assert.Equal([sha1, sha2, sha3], audit.Where(a => a["commit"] is not null).Select(a => (string)a["commit"]!));
        Assert.All(audit, a => Assert.StartsWith("claude-ai", (string)a["client"]!, StringComparison.Ordinal));
        Assert.DoesNotContain(audit, a => a.ToJsonString().Contains("OnTrade", StringComparison.Ordinal)); // sources are summarised, never copied
    }

    private string Git(params string[] args)
    {
        var info = new System.Diagnostics.ProcessStartInfo("git") { RedirectStandardOutput = true, WorkingDirectory = _signals };
        foreach (var a in args) info.ArgumentList.Add(a);
        using var process = System.Diagnostics.Process.Start(info)!;
        var output = process.StandardOutput.ReadToEnd().Trim();
        process.WaitForExit();
        return output;
    }

    private static async Task<JsonElement> EventuallyAsync(Func<Task<JsonElement?>> probe)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (true)
        {
            if (await probe() is { } found) return found;
            Assert.True(DateTime.UtcNow < deadline, "timed out waiting for the runtime");
            await Task.Delay(100);
        }
    }
}
