using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

// Sampling is deprecated by the 2026-07-28 spec but is what draft_signal uses; see DraftLoop.
#pragma warning disable MCP9005

namespace Mcp.Server.Tests;

/// <summary>draft_signal over MCP sampling, with a scripted model on the client side: a compile error, then the fix.</summary>
public sealed class DraftSignalTests : IAsyncLifetime
{
    private CaptureJournal _data = null!;
    private InProcessServer _server = null!;
    private readonly List<CreateMessageRequestParams> _requests = [];

    public async Task InitializeAsync()
    {
        _data = await CaptureJournal.CreateAsync();
        var replies = new Queue<string>([$"```csharp\n{TestSignals.Broken}```", $"Fixed:\n```csharp\n{TestSignals.EveryNthTrade(10)}```"]);
        var handlers = new McpClientHandlers
        {
            SamplingHandler = (request, _, _) =>
            {
                _requests.Add(request!);
                return ValueTask.FromResult(new CreateMessageResult { Model = "scripted", Role = Role.Assistant, Content = [new TextContentBlock { Text = replies.Dequeue() }] });
            },
        };
        var options = McpFixture.Options(_data.DataDirectory) with { Groups = ToolGroups.Read | ToolGroups.Author };
        _server = await InProcessServer.StartAsync(options, handlers: handlers);
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        _data.Dispose();
    }

    [Fact]
    public async Task DraftSignal_CompileErrorThenFix_TwoRoundsAndABacktest()
    {
        var result = (await _server.Client.OkAsync("draft_signal", new { description = "fires on every 10th BTC-USD trade", feed = CaptureJournal.Feed, symbols = "BTC-USD" })).Data();
        Assert.True(result.GetProperty("compiled").GetBoolean());
        Assert.Equal(2, result.GetProperty("rounds").GetInt32());
        Assert.True(result.GetProperty("round_errors")[0].GetProperty("errors").GetInt32() > 0);
        Assert.Equal(0, result.GetProperty("round_errors")[1].GetProperty("errors").GetInt32());
        Assert.Equal(TestSignals.EveryNthTrade(10), result.GetProperty("source").GetString());
        Assert.False(result.GetProperty("committed").GetBoolean());
        var backtest = result.GetProperty("backtest");
        Assert.Equal("worker", backtest.GetProperty("isolation").GetString());
        Assert.True(backtest.GetProperty("fires").GetInt64() > 0);

        // The model got the API reference, then its own reply and the compile error naming the line.
        Assert.Equal(2, _requests.Count);
        Assert.Contains("Builders", _requests[0].SystemPrompt, StringComparison.Ordinal);
        var feedback = ((TextContentBlock)_requests[1].Messages[^1].Content.Single()).Text;
        Assert.Contains($"({TestSignals.BrokenLine},", feedback, StringComparison.Ordinal);
        Assert.Contains("contxt", feedback, StringComparison.Ordinal);
    }
}
