using System.Diagnostics;
using Deepwater.Cli.Commands;
using Market.Core.Bus.Nats;

namespace Deepwater.Cli.Bench;

/// <summary>
/// <c>deepwater bench bus</c>: publish throughput of 64-byte payloads through our NATS client to a
/// nats-server (the one at --url, which needs JetStream, or a local -js one started from PATH for
/// the run). Timed from the first publish to the PONG after the last, so every message has reached
/// the server. The same run measures the npm client, end-to-end latency and JetStream (BusBench.Extended.cs).
/// </summary>
internal static partial class BusBench
{
    public static IReadOnlyList<KeyValuePair<string, double>> Run(string? url, long messages, int publishers, TimeSpan latencyWindow, TextWriter progress)
    {
        Process? server = null;
        string? store = null;
        try
        {
            if (url is null) (server, url, store) = StartServer();
            progress.WriteLine($"bench bus: {messages:N0} x 64 B to {url}, {publishers} publisher(s)");
            var figures = Measure(url, messages, publishers).GetAwaiter().GetResult().ToList();
            figures.AddRange(MeasureMore(url, messages, figures, server, latencyWindow, progress).GetAwaiter().GetResult());
            return figures;
        }
        finally
        {
            if (server is not null)
            {
                server.Kill(entireProcessTree: true);
                server.WaitForExit();
                server.Dispose();
            }
            if (store is not null) Directory.Delete(store, recursive: true);
        }
    }

    private static async Task<IReadOnlyList<KeyValuePair<string, double>>> Measure(string url, long messages, int publishers)
    {
        await using var connection = await NatsConnection.ConnectAsync(NatsOptions.Default with { Servers = [url], Name = "bench" });
        var payload = new byte[64];
        // Warm-up: JIT and pipe segments.
        for (var i = 0; i < 100_000; i++) await connection.PublishAsync("bench.warm", payload);
        await connection.FlushAsync();

        var perPublisher = messages / publishers;
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, publishers).Select(p => Task.Run(async () =>
        {
            var subject = $"bench.p{p}";
            for (long i = 0; i < perPublisher; i++) await connection.PublishAsync(subject, payload);
        })));
        var published = clock.Elapsed;
        await connection.FlushAsync();
        var flushed = clock.Elapsed;
        var total = perPublisher * publishers;
        return
        [
            new("messages", total),
            new("publish_msgs_per_s", total / published.TotalSeconds),
            new("to_server_msgs_per_s", total / flushed.TotalSeconds),
            new("to_server_mb_per_s", total * (64 + 20) / flushed.TotalSeconds / 1e6),
        ];
    }

    private static async Task<IReadOnlyList<KeyValuePair<string, double>>> MeasureMore(string url, long messages, List<KeyValuePair<string, double>> ours, Process? server, TimeSpan latencyWindow, TextWriter progress)
    {
        progress.WriteLine("bench bus: npm nats client, same payloads");
        var npm = NpmPublishRate(url, messages, progress);
        var oursRate = ours.Single(f => f.Key == "to_server_msgs_per_s").Value;

        const int Rate = 100_000;
        progress.WriteLine($"bench bus: journal append -> JournalPublisher -> nats-server -> NatsBus subscriber at {Rate:N0} records/s " +
            $"(appended in {PaceStep.TotalMicroseconds:0} us steps by a writer thread), warm-up of at least {WarmupMin.TotalSeconds:0} s, through the first chunk rotation and until the JIT settles, then {latencyWindow.TotalSeconds:0} s measured");
        var e2e = await EndToEndLatency(url, Rate, latencyWindow, server);
        ReportPlatform(e2e, latencyWindow, progress);

        await using var connection = await NatsConnection.ConnectAsync(NatsOptions.Default with { Servers = [url], Name = "bench-js" });
        var js = new NatsJetStream(connection, TimeSpan.FromSeconds(30));
        var jsMessages = (int)Math.Min(messages / 10, 200_000);
        progress.WriteLine($"bench bus: JetStream publish with ack, {jsMessages:N0} x 64 B, {AckWindow} outstanding");
        await js.CreateStreamAsync(new NatsStreamConfig("BENCH_ACK", ["bench.ack.>"]) { Storage = NatsStorage.File });
        var payload = new byte[64];
        var ackRate = await JetStreamPublishRate(js, "bench.ack.x", Enumerable.Repeat(payload, jsMessages).ToArray());

        progress.WriteLine($"bench bus: persistence, the same {jsMessages:N0} events into an MmapJournal and a file-backed stream");
        var (journalRate, jetStreamRate) = await Persistence(js, jsMessages);
        return
        [
            new("npm_to_server_msgs_per_s", npm),
            new("ours_over_npm", oursRate / npm),
            new("e2e_rate_records_per_s", Rate),
            new("e2e_received", e2e.Received),
            new("e2e_warmup_s", e2e.WarmupSeconds),
            new("e2e_p50_us", e2e.P50 / 1e3),
            new("e2e_p99_us", e2e.P99 / 1e3),
            new("e2e_p999_us", e2e.P999 / 1e3),
            new("e2e_client_cpu_cores", e2e.ClientCores),
            new("e2e_server_cpu_cores", e2e.ServerCores),
            new("e2e_gcs", e2e.Gc.Collections),
            new("e2e_gc_pause_ms", e2e.Gc.PauseMs),
            new("e2e_allocated_bytes_per_record", e2e.Gc.BytesPerRecord),
            new("e2e_pacer_stalls_over_1ms", e2e.PacerStalls),
            new("e2e_pacer_stall_max_us", e2e.PacerStallMax / 1e3),
            new("e2e_steal_ms", e2e.StealMs),
            new("js_ack_msgs_per_s", ackRate),
            new("persist_journal_events_per_s", journalRate),
            new("persist_jetstream_events_per_s", jetStreamRate),
            new("persist_journal_over_jetstream", journalRate / jetStreamRate),
        ];
    }

    /// <summary>
    /// Says how much of the latency window the platform took: on a shared VM the hypervisor's steal
    /// comes in bursts of milliseconds, which no pipeline can hide, so a run with more than 1% of
    /// the window stolen measures the host rather than the pipeline.
    /// </summary>
    private static void ReportPlatform(LatencyRun e2e, TimeSpan window, TextWriter progress)
    {
        progress.WriteLine($"bench bus: platform while measuring: {e2e.StealMs:0} ms stolen by the hypervisor; wake-ups of the writer thread over 1 ms late: {e2e.PacerStalls}, the latest {e2e.PacerStallMax / 1e6:0.0} ms");
        if (e2e.StealMs > window.TotalMilliseconds / 100)
        {
            progress.WriteLine($"bench bus: over 1% of the window was stolen: the latency tail ({e2e.P99 / 1e3:0} us p99) is the host's; run again when it is quieter");
        }
    }

    private static (Process, string, string) StartServer()
    {
        // JetStream on, with a store that goes with the temp dir of the run. The server picks its
        // own port (-p -1) and logs it, so no other socket can take a port we chose in between.
        var store = Directory.CreateTempSubdirectory("deepwater-bench-js-").FullName;
        var start = new ProcessStartInfo("nats-server", $"-a 127.0.0.1 -p -1 -js -sd {store}") { UseShellExecute = false, RedirectStandardError = true };
        Process process;
        try
        {
            process = Process.Start(start)!;
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            Directory.Delete(store, recursive: true);
            throw new UserError($"nats-server is not on PATH ({e.Message}): install it (apt-get install nats-server) or pass --url");
        }
        const string listening = "Listening for client connections on ";
        string? address = null;
        while (process.StandardError.ReadLine() is { } line)
        {
            var at = line.IndexOf(listening, StringComparison.Ordinal);
            if (at >= 0) address = line[(at + listening.Length)..].Trim();
            if (line.Contains("Server is ready", StringComparison.Ordinal)) break;
        }
        _ = process.StandardError.ReadToEndAsync();
        if (address is null)
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
            var exitCode = process.ExitCode;
            process.Dispose();
            Directory.Delete(store, recursive: true);
            throw new InvalidOperationException($"nats-server (exit code {exitCode}) never said which port it listens on");
        }
        return (process, $"nats://{address}", store);
    }
}
