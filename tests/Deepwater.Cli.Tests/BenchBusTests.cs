using System.Text.Json;

namespace Deepwater.Cli.Tests;

/// <summary><c>deepwater bench bus</c> end to end on a small run: a nats-server of its own, the npm client beside ours, every figure present.</summary>
public sealed class BenchBusTests : IDisposable
{
    private readonly string _data = Path.Combine(Path.GetTempPath(), $"dw-bench-bus-{Guid.NewGuid():N}");

    [Fact]
    public void BenchBus_SmallRunJson_EveryFigureMeasured_EveryPacedRecordReceived()
    {
        var lines = new CliRunner(_data).Lines("bench", "bus", "--messages", "200000", "--latency-seconds", "1", "--json");

        using var doc = JsonDocument.Parse(Assert.Single(lines));
        var figures = doc.RootElement;
        Assert.Equal(200_000, figures.GetProperty("messages").GetDouble());
        // The npm client ran (the test script installs it): the ratio is a number, not NaN.
        foreach (var name in new[] { "publish_msgs_per_s", "npm_to_server_msgs_per_s", "ours_over_npm", "js_ack_msgs_per_s", "persist_journal_over_jetstream", "e2e_client_cpu_cores", "e2e_server_cpu_cores", "e2e_allocated_bytes_per_record", "e2e_pacer_stall_max_us" })
        {
            Assert.True(figures.GetProperty(name).GetDouble() > 0, $"{name}: {figures.GetProperty(name)}");
        }
        // One measured second at 100,000 records/s, every one received after the warm-up.
        Assert.Equal(100_000, figures.GetProperty("e2e_received").GetDouble());
        // At least 2 s and through the journal's first rotation, then until the JIT has been quiet
        // for half a second; never over 20 s.
        Assert.InRange(figures.GetProperty("e2e_warmup_s").GetDouble(), 2.0, 20.5);
        Assert.True(figures.GetProperty("e2e_gcs").GetDouble() >= 0);
        Assert.True(figures.GetProperty("e2e_gc_pause_ms").GetDouble() >= 0);
        Assert.True(figures.GetProperty("e2e_pacer_stalls_over_1ms").GetDouble() >= 0);
        // Linux, where CI runs, reports steal time in /proc/stat.
        Assert.True(figures.GetProperty("e2e_steal_ms").GetDouble() >= 0);
        var p50 = figures.GetProperty("e2e_p50_us").GetDouble();
        var p99 = figures.GetProperty("e2e_p99_us").GetDouble();
        Assert.InRange(p50, 0.001, p99);
    }

    public void Dispose()
    {
        try { Directory.Delete(_data, recursive: true); } catch (DirectoryNotFoundException) { }
    }
}
