using System.Collections.Concurrent;
using Market.Core.Bus;
using Market.Core.Bus.Nats;
using Market.Core.Fanout;
using Market.Core.Journal;
using Market.Core.Tests.Bus.Nats;
using Mcp.Server.Data;
using Signals.Library;
using Signals.Runtime.Deployment;

namespace Deepwater.Cli.Tests;

/// <summary><c>deepwater runtime --bus</c> in its own process, with no feed journal of its own, evaluating what a core publishes over NATS.</summary>
public sealed class BusRuntimeTests : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);
    private readonly string _root = Path.Combine(Path.GetTempPath(), "deepwater-tests", Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        try { Directory.Delete(_root, recursive: true); } catch (IOException) { }
    }

    [Fact]
    public async Task Runtime_OverNats_EvaluatesACoreInAnotherProcess_FiresReachTheTest_AndItsStatusIsSeenOverTheBus()
    {
        await using var server = await NatsServer.StartAsync();
        var signals = Path.Combine(_root, "signals");
        SignalRepository.Open(signals, initialize: true).Commit("price_band", SignalsFixture.PriceBand(120), "Add price_band", SignalsFixture.Author);

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
        }
        catch (Exception e) when (e is not Xunit.Sdk.XunitException)
        {
            throw new InvalidOperationException($"runtime output:\n{string.Join('\n', lines)}", e);
        }
        finally
        {
            if (!runtime.HasExited) runtime.Kill(entireProcessTree: true);
            runtime.WaitForExit(10_000);
        }
    }
}
