using System.Collections.Concurrent;
using System.Text.Json;
using Market.Core.Bus;
using Market.Core.Bus.Nats;
using Market.Core.Fanout;
using Market.Core.Journal;
using Market.Core.Tests.Bus.Nats;
using Mcp.Server.Data;
using ModelContextProtocol.Client;
using Signals.Library;
using Signals.Runtime.Deployment;

namespace Deepwater.Cli.Tests;

/// <summary>
/// <c>deepwater runtime --bus</c> in its own process, with no feed journal of its own, evaluating what
/// a core publishes over NATS; a <c>deepwater mcp --bus</c> process with a data directory of its own
/// sees its status and its fires over the bus.
/// </summary>
public sealed class BusRuntimeTests : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);
    private readonly string _root = Path.Combine(Path.GetTempPath(), "deepwater-tests", Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        try { Directory.Delete(_root, recursive: true); } catch (IOException) { }
    }

    [Fact]
    public async Task Runtime_OverNats_EvaluatesACoreInAnotherProcess_FiresReachTheTestAndAnMcpProcess_AndItsStatusIsSeenOverTheBus()
    {
        await using var server = await NatsServer.StartAsync();
        var signals = Path.Combine(_root, "signals");
        var sha = SignalRepository.Open(signals, initialize: true).Commit("price_band", SignalsFixture.PriceBand(120), "Add price_band", SignalsFixture.Author);

        // The core's side, in this process: its own data directory, which the runtime never sees.
        using var journal = MmapJournal.Open(MmapJournal.PathFor(Path.Combine(_root, "core"), "dev", "coinbase"), create: true);
        using var writer = journal.OpenWriter();
        var btc = writer.Intern("BTC-USD");
        await using var bus = await NatsBus.ConnectAsync(NatsOptions.Default with { Servers = [server.Url], Name = "test-core" });
        await using var reads = new JournalReadService(bus, "dev", f => f == "coinbase" ? journal : null);
        await using var publisher = new JournalPublisher(journal, bus, "dev");
        publisher.Start();
        await using var fires = bus.Subscribe("dev.signals.*");

        using var runtime = DeepwaterProcess.Start("runtime", "--bus", server.Url, "--signals", signals, "--data", Path.Combine(_root, "runtime-data"));
        var lines = new ConcurrentQueue<string>();
        var deployed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        runtime.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null) return;
            lines.Enqueue(e.Data);
            if (e.Data.Contains("loaded price_band", StringComparison.Ordinal)) deployed.TrySetResult();
        };
        runtime.ErrorDataReceived += (_, e) => { if (e.Data is not null) lines.Enqueue(e.Data); };
        runtime.BeginOutputReadLine();
        runtime.BeginErrorReadLine();
        // The MCP server: a third process with an empty data directory, so it can only see the runtime over the bus.
        var token = Convert.ToHexString(Guid.NewGuid().ToByteArray()) + Convert.ToHexString(Guid.NewGuid().ToByteArray());
        using var mcp = DeepwaterProcess.Start(new Dictionary<string, string> { ["DEEPWATER_TEST_MCP_TOKEN"] = token },
            "mcp", "--bus", server.Url, "--http", "127.0.0.1:0", "--token-env", "DEEPWATER_TEST_MCP_TOKEN",
            "--signals", signals, "--data", Path.Combine(_root, "mcp-data"));
        var serving = new TaskCompletionSource<Uri>(TaskCreationOptions.RunContinuationsAsynchronously);
        mcp.OutputDataReceived += (_, e) => { if (e.Data is not null) lines.Enqueue("mcp: " + e.Data); };
        mcp.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is null) return;
            lines.Enqueue("mcp: " + e.Data);
            const string Prefix = "deepwater: MCP on ";
            if (e.Data.StartsWith(Prefix, StringComparison.Ordinal)) serving.TrySetResult(new Uri(e.Data[Prefix.Length..e.Data.IndexOf(' ', Prefix.Length)]));
        };
        mcp.BeginOutputReadLine();
        mcp.BeginErrorReadLine();
        try
        {
            await deployed.Task.WaitAsync(Patience).ContinueWith(t => Assert.True(t.IsCompletedSuccessfully, string.Join('\n', lines)), TaskScheduler.Default);

            // Trades priced 121..170 fire; keep trading until one arrives (the runtime learns the feed from the first).
            using var cts = new CancellationTokenSource(Patience);
            var fired = fires.Messages.ReadAsync(cts.Token).AsTask();
            var i = 0;
            while (!fired.IsCompleted)
            {
                var ts = SignalsFixture.Start + (i * 1_000_000L);
                writer.Append(new Trade(btc, ts, ts, (121 + (i % 40)) * FixedPoint.Scale, FixedPoint.Scale, Side.Buy, (ulong)i));
                writer.Commit();
                i++;
                await Task.WhenAny(fired, Task.Delay(50, cts.Token));
            }
            var fire = await fired;
            Assert.Equal("dev.signals.price_band", fire.Subject);

            var view = new BusRuntimeView(bus, "dev");
            var status = Assert.Single(view.All());
            Assert.Equal("price_band", status.Deployment.Name);
            Assert.True(status.Evaluation!.Events > 0);

            // The MCP process reads the runtime's fires over {env}.svc.signals.history: poll until the fire shows, bounded.
            using var polling = new CancellationTokenSource(Patience);
            var endpoint = await serving.Task.WaitAsync(polling.Token);
            await using var client = await RunCommandTests.ConnectAsync(endpoint, token);
            var history = await UntilAsync(client, "get_signal_history", new Dictionary<string, object?> { ["name"] = "price_band" },
                h => h.GetProperty("data").GetArrayLength() > 0, polling.Token);
            var first = history.GetProperty("data")[0];
            Assert.Equal(sha, first.GetProperty("commit").GetString());
            Assert.Equal("price_band", first.GetProperty("signal").GetString());
            Assert.Equal("BTC-USD", first.GetProperty("symbol").GetString());
            var listed = (await client.CallToolAsync("list_signals", new Dictionary<string, object?>(), cancellationToken: polling.Token)).StructuredContent!.Value;
            var row = Assert.Single(listed.GetProperty("data").EnumerateArray());
            Assert.Equal(("price_band", "running"), (row.GetProperty("name").GetString(), row.GetProperty("status").GetString()));
            Assert.True(row.GetProperty("fires_24h").GetInt64() >= 1, row.GetRawText());
            Assert.NotEqual(JsonValueKind.Null, row.GetProperty("last_fire").ValueKind);
        }
        catch (Exception e) when (e is not Xunit.Sdk.XunitException)
        {
            throw new InvalidOperationException($"runtime output:\n{string.Join('\n', lines)}", e);
        }
        finally
        {
            if (!mcp.HasExited) mcp.Kill(entireProcessTree: true);
            mcp.WaitForExit(10_000);
            if (!runtime.HasExited) runtime.Kill(entireProcessTree: true);
            runtime.WaitForExit(10_000);
        }
    }

    /// <summary>Calls <paramref name="tool"/> until its result satisfies <paramref name="done"/>, backing off, until cancelled.</summary>
    private static async Task<JsonElement> UntilAsync(McpClient client, string tool, Dictionary<string, object?> arguments, Func<JsonElement, bool> done, CancellationToken cancellationToken)
    {
        var pause = TimeSpan.FromMilliseconds(50);
        var last = "";
        try
        {
            while (true)
            {
                var result = await client.CallToolAsync(tool, arguments, cancellationToken: cancellationToken);
                if (result.IsError != true && result.StructuredContent is { } content && done(content)) return content;
                last = string.Join('\n', result.Content.OfType<ModelContextProtocol.Protocol.TextContentBlock>().Select(b => b.Text));
                await Task.Delay(pause, cancellationToken);
                pause = TimeSpan.FromTicks(Math.Min(pause.Ticks * 2, TimeSpan.FromSeconds(1).Ticks));
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"{tool} never showed what the test waits for; its last answer: {last}");
        }
    }
}
