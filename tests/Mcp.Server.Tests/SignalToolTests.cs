using System.Diagnostics;
using System.Text.Json;
using Mcp.Server.Results;
using ModelContextProtocol;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

namespace Mcp.Server.Tests;

/// <summary>The signal tools, resources and prompt over the stdio child process (every group on, no runtime in that process).</summary>
[Collection(McpCollection.Name)]
public sealed class SignalToolTests(McpFixture fixture)
{
    private const string Feed = CaptureJournal.Feed;

    [Fact]
    public async Task ListStateBuilders_FromTheXmlDocs_CallsAndDescriptions()
    {
        var all = (await fixture.Stdio.OkAsync("list_state_builders")).Data().EnumerateArray().ToList();
        var bars = all.Single(b => b.GetProperty("call").GetString() == "Builders.Bars(TimeSpan interval, int keep = 100)");
        Assert.Equal("StateSpec<BarState>", bars.GetProperty("returns").GetString());
        Assert.StartsWith("OHLCV bars", bars.GetProperty("description").GetString(), StringComparison.Ordinal);
        Assert.Contains(all, b => b.GetProperty("call").GetString()!.StartsWith("Sources.TradePrice(", StringComparison.Ordinal));
        Assert.All(all, b => Assert.False(string.IsNullOrEmpty(b.GetProperty("description").GetString()), b.GetProperty("call").GetString()));
        var indicators = (await fixture.Stdio.OkAsync("list_state_builders", new { kind = "indicator" })).Data().EnumerateArray().ToList();
        Assert.Contains(indicators, b => b.GetProperty("call").GetString()!.StartsWith("Indicators.Ema(", StringComparison.Ordinal));
        Assert.All(indicators, b => Assert.Equal("indicator", b.GetProperty("kind").GetString()));
    }

    [Fact]
    public async Task ValidateSignal_SandboxViolation_LineColumnLayerAndHint()
    {
        var source = TestSignals.EveryNthTrade(10).Replace("setup.Subscribe(", "System.IO.File.ReadAllText(\"/etc/hosts\"); setup.Subscribe(", StringComparison.Ordinal);
        var result = (await fixture.Stdio.OkAsync("validate_signal", new { source })).Data();
        Assert.False(result.GetProperty("valid").GetBoolean());
        var d = result.GetProperty("items").EnumerateArray().First(x => x.GetProperty("severity").GetString() == "error");
        Assert.Equal(11, d.GetProperty("line").GetInt32());
        Assert.Equal("allowlist", d.GetProperty("layer").GetString());
        Assert.False(string.IsNullOrEmpty(d.GetProperty("hint").GetString()));
    }

    [Fact]
    public async Task CommitDisableRollback_OverStdio_GitCommitsAndTheSignalToolsSeeThem()
    {
        const string Name = "stdio_signal";
        var source = TestSignals.EveryNthTrade(25);
        var committed = (await fixture.Stdio.OkAsync("commit_signal", new { name = Name, source, message = "A signal over stdio" })).Data();
        var sha = committed.GetProperty("commit").GetString()!;
        Assert.EndsWith("(via Deepwater MCP)", committed.GetProperty("author").GetString(), StringComparison.Ordinal);
        Assert.True(committed.GetProperty("smoke").GetProperty("events").GetInt64() > 0, "smoke-tested on the last minutes of the capture");
        Assert.Contains("no signal runtime runs in this process", committed.GetProperty("runtime").GetString(), StringComparison.Ordinal);

        var listed = (await fixture.Stdio.OkAsync("list_signals")).Data().EnumerateArray().Single(s => s.GetProperty("name").GetString() == Name);
        Assert.Equal(sha, listed.GetProperty("commit").GetString());
        Assert.Equal("Every 25th BTC-USD trade.", listed.GetProperty("description").GetString());
        Assert.Equal("not_deployed", listed.GetProperty("status").GetString());
        var got = (await fixture.Stdio.OkAsync("get_signal", new { name = Name })).Data();
        Assert.Equal(source, got.GetProperty("source").GetString());
        Assert.Equal(sha, got.GetProperty("commits")[0].GetProperty("commit").GetString());
        var resource = await fixture.Stdio.ReadResourceAsync($"deepwater://signals/{Name}");
        Assert.Equal(source, ((TextResourceContents)resource.Contents.Single()).Text);
        var history = await fixture.Stdio.OkAsync("get_signal_history", new { name = Name });
        Assert.Equal(0, history.Data().GetArrayLength());

        var disabled = (await fixture.Stdio.OkAsync("disable_signal", new { name = Name, message = "Not needed" })).Data();
        Assert.NotEqual(sha, disabled.GetProperty("commit").GetString());
        Assert.False((await fixture.Stdio.OkAsync("get_signal", new { name = Name })).Data().GetProperty("at_head").GetBoolean());
        var (code, _, _) = await fixture.Stdio.ErrorAsync("disable_signal", new { name = Name });
        Assert.Equal(ErrorCodes.UnknownSignal, code);

        var restored = (await fixture.Stdio.OkAsync("rollback_signal", new { name = Name, to_commit = sha[..12] })).Data();
        Assert.Matches("^[0-9a-f]{40}$", restored.GetProperty("commit").GetString()!);
        Assert.Equal(source, (await fixture.Stdio.OkAsync("get_signal", new { name = Name })).Data().GetProperty("source").GetString());
    }

    [Fact]
    public async Task ReportIssue_AppendsForOperators_FeedbackListShowsIt()
    {
        var receipt = (await fixture.Stdio.OkAsync("report_issue", new { title = "BTC-USD trades look delayed", body = "get_trades ends 5 minutes before now" })).Data();
        Assert.True(receipt.GetProperty("recorded").GetBoolean());
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in new[] { McpFixture.DeepwaterDll, "feedback", "list", "--data", fixture.Data.DataDirectory, "--env", CaptureJournal.Env }) info.ArgumentList.Add(a);
        using var process = Process.Start(info)!;
        var output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.Equal(0, process.ExitCode);
        Assert.Contains("BTC-USD trades look delayed", output, StringComparison.Ordinal);
        Assert.Contains("get_trades ends 5 minutes before now", output, StringComparison.Ordinal);
        Assert.Contains("deepwater-tests", output, StringComparison.Ordinal); // the client's name
    }

    [Fact]
    public async Task Resources_ApiDocFeedAndPrompt_NoSecrets()
    {
        var doc = ((TextResourceContents)(await fixture.Stdio.ReadResourceAsync("deepwater://docs/signal-api")).Contents.Single()).Text;
        foreach (var section in new[] { "### Signal\n", "### SignalSetup", "### SignalContext", "### Builders", "### Sources", "### Indicators", "### Trade", "### BookState" })
        {
            Assert.Contains(section, doc, StringComparison.Ordinal);
        }
        var feed = ((TextResourceContents)(await fixture.Stdio.ReadResourceAsync($"deepwater://feeds/{Feed}")).Contents.Single()).Text;
        Assert.Contains("\"api_key\": \"env:COINBASE_API_KEY\"", feed, StringComparison.Ordinal);
        Assert.Contains("\"last_seq\"", feed, StringComparison.Ordinal);
        var prompt = await fixture.Stdio.GetPromptAsync("write_signal", new Dictionary<string, object?> { ["description"] = "spots spread blowouts", ["feed"] = Feed, ["symbols"] = "BTC-USD" });
        var text = string.Join("\n", prompt.Messages.Select(m => ((TextContentBlock)m.Content).Text));
        Assert.Contains("spots spread blowouts", text, StringComparison.Ordinal);
        Assert.Contains("validate_signal", text, StringComparison.Ordinal);
        Assert.Contains("### SignalContext", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task NewTools_DefaultResults_UnderTwentyThousandCharacters()
    {
        var source = TestSignals.EveryNthTrade(5);
        (string Tool, object Args)[] calls =
        [
            ("list_state_builders", new { }),
            ("list_signals", new { }),
            ("validate_signal", new { source = TestSignals.Broken }),
            ("backtest_signal", new { source, feed = Feed }),
            ("get_signal_history", new { name = "size_signal" }),
        ];
        await fixture.Stdio.OkAsync("commit_signal", new { name = "size_signal", source, message = "For the size test" });
        foreach (var (tool, args) in calls.Append(("get_signal", new { name = "size_signal" })))
        {
            var result = await fixture.Stdio.CallAsync(tool, args);
            Assert.True(result.IsError != true, $"{tool}: {ToolCalls.Text(result)}");
            Assert.True(ToolResults.Size(result) <= 20_000, $"{tool}: {ToolResults.Size(result)} characters");
        }
    }

    [Theory]
    [InlineData("get_signal", """{"name":"no_such_signal"}""", ErrorCodes.UnknownSignal)]
    [InlineData("get_signal", """{"name":"../../etc/passwd"}""", ErrorCodes.InvalidArgument)]
    [InlineData("get_signal_history", """{"name":"no_such_signal"}""", ErrorCodes.UnknownSignal)]
    [InlineData("get_signal_history", """{"name":"x","from":"2026-08-10T12:00:00Z","to":"2026-08-10T11:00:00Z"}""", ErrorCodes.BadRange)]
    [InlineData("validate_signal", """{"src":"class X {}"}""", ErrorCodes.UnknownArgument)]
    [InlineData("validate_signal", """{"source":"x","name":"a/b"}""", ErrorCodes.InvalidArgument)]
    [InlineData("commit_signal", """{"name":"signals/evil","source":"x","message":"m m m"}""", ErrorCodes.InvalidArgument)]
    [InlineData("commit_signal", """{"name":"bad_source","source":"public class Nope {","message":"broken on purpose"}""", ErrorCodes.CompileFailed)]
    [InlineData("backtest_signal", """{"feed":"coinbase"}""", ErrorCodes.InvalidArgument)]
    [InlineData("backtest_signal", """{"feed":"coinbase","source":"x","name":"y"}""", ErrorCodes.InvalidArgument)]
    [InlineData("backtest_signal", """{"feed":"nope","source":"x"}""", ErrorCodes.UnknownFeed)]
    [InlineData("backtest_signal", """{"feed":"coinbase","name":"no_such_signal"}""", ErrorCodes.UnknownSignal)]
    [InlineData("backtest_signal", """{"feed":"coinbase","source":"public class Nope {"}""", ErrorCodes.CompileFailed)]
    [InlineData("backtest_signal", """{"feed":"coinbase","source":"x","from":"2026-08-10T12:00:00Z","to":"2026-08-10T12:00:00Z"}""", ErrorCodes.BadRange)]
    [InlineData("rollback_signal", """{"name":"no_such_signal"}""", ErrorCodes.UnknownSignal)]
    [InlineData("rollback_signal", """{"name":"x","to_commit":"HEAD~1; rm -rf /"}""", ErrorCodes.InvalidArgument)]
    [InlineData("disable_signal", """{"name":"no_such_signal"}""", ErrorCodes.UnknownSignal)]
    [InlineData("draft_signal", """{"description":"fires on big trades please","feed":"coinbase"}""", ErrorCodes.SamplingUnavailable)]
    [InlineData("report_issue", """{"title":"   ","body":"x"}""", ErrorCodes.InvalidArgument)]
    public async Task NewTools_BadArguments_CodeMessageAndHint(string tool, string json, string expected)
    {
        var args = System.Text.Json.JsonSerializer.Deserialize<Dictionary<string, object?>>(json)!;
        var result = await fixture.Stdio.CallToolAsync(tool, args);
        Assert.True(result.IsError == true, $"{tool} {json} should fail: {ToolCalls.Text(result)}");
        var error = result.StructuredContent!.Value;
        Assert.Equal(expected, error.GetProperty("code").GetString());
        Assert.False(string.IsNullOrWhiteSpace(error.GetProperty("hint").GetString()));
    }

    [Fact]
    public async Task BacktestSignal_WithAProgressToken_SendsProgressNotifications()
    {
        // A session-wide handler: the per-call one stops listening when the answer arrives, and the
        // client may dispatch a notification after the response that followed it on the wire.
        var final = new TaskCompletionSource<ModelContextProtocol.ProgressNotificationValue>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var handler = fixture.Stdio.RegisterNotificationHandler(NotificationMethods.ProgressNotification, (notification, _) =>
        {
            var value = notification.Params.Deserialize<ProgressNotificationParams>(McpJsonUtilities.DefaultOptions)!.Progress;
            if (value.Progress >= 100) final.TrySetResult(value);
            return ValueTask.CompletedTask;
        });
        var args = new Dictionary<string, object?> { ["feed"] = Feed, ["source"] = TestSignals.EveryNthTrade(10) };
        var result = await fixture.Stdio.CallToolAsync("backtest_signal", args, new Progress<ModelContextProtocol.ProgressNotificationValue>());
        Assert.True(result.IsError != true, ToolCalls.Text(result));

        var last = await final.Task.WaitAsync(TimeSpan.FromSeconds(60));
        Assert.Equal(100, last.Total);
        Assert.Contains("events", last.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task BacktestSignal_UnknownSymbol_ListsSimilarOnes()
    {
        var (code, message, _) = await fixture.Stdio.ErrorAsync("backtest_signal", new { feed = Feed, source = TestSignals.EveryNthTrade(10), symbols = "BTC-USDT" });
        Assert.Equal(ErrorCodes.UnknownSymbol, code);
        Assert.Contains("BTC-USD", message, StringComparison.Ordinal);
    }
}
