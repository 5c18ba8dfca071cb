using System.Buffers.Binary;
using System.Diagnostics;
using System.Globalization;
using System.Runtime;
using Market.Core.Bus;
using Market.Core.Bus.Nats;
using Market.Core.Fanout;
using Market.Core.Journal;
using Signals.Library;

namespace Deepwater.Cli.Bench;

/// <summary>
/// The rest of <c>deepwater bench bus</c>: the npm client's publish rate in the same run, journal
/// append to remote subscriber latency at a paced rate, JetStream publish-with-ack rate, and the
/// journal-versus-JetStream persistence ratio for the same events.
/// </summary>
internal static partial class BusBench
{
    private const int AckWindow = 256;
    private const int EventPayloadBytes = 24;

    /// <summary>The end-to-end pacer's step: at 100,000 records/s, bursts of ten.</summary>
    private static readonly TimeSpan PaceStep = TimeSpan.FromMicroseconds(100);

    /// <summary>
    /// End-to-end warm-up: at least <see cref="WarmupMin"/> and through the journal's first chunk
    /// rotation, then until the JIT has compiled nothing for <see cref="JitQuiet"/>; at most
    /// <see cref="WarmupMax"/>. Tiering the whole path takes a couple of seconds on two cores, a
    /// method compiled later holds a core for milliseconds, and the first rotation (about 10 s in)
    /// compiles some 45 methods on the writer's and the publisher's threads.
    /// </summary>
    private static readonly TimeSpan WarmupMin = TimeSpan.FromSeconds(2), JitQuiet = TimeSpan.FromMilliseconds(500), WarmupMax = TimeSpan.FromSeconds(20);

    /// <summary>Byte of an end-to-end record's payload that says it was appended after the warm-up.</summary>
    private const int MeasuredFlagOffset = sizeof(long);

    /// <summary>node bench.mjs from tests/interop/nats-js; NaN (and a note) when node or its node_modules is missing.</summary>
    private static double NpmPublishRate(string url, long messages, TextWriter progress)
    {
        var folder = FindInteropFolder();
        if (folder is null)
        {
            progress.WriteLine("bench bus: npm client skipped: tests/interop/nats-js/node_modules not found (run `npm ci --prefix tests/interop/nats-js` from the repository root)");
            return double.NaN;
        }
        var start = new ProcessStartInfo("node") { WorkingDirectory = folder, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in new[] { "bench.mjs", url, messages.ToString(CultureInfo.InvariantCulture) }) start.ArgumentList.Add(arg);
        try
        {
            using var node = Process.Start(start)!;
            var output = node.StandardOutput.ReadToEnd();
            var error = node.StandardError.ReadToEnd();
            node.WaitForExit();
            if (node.ExitCode != 0) throw new InvalidOperationException($"node bench.mjs failed: {error}");
            using var json = System.Text.Json.JsonDocument.Parse(output);
            // The same measure as ours: first publish to the PONG after the last.
            return json.RootElement.GetProperty("to_server_msgs_per_s").GetDouble();
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            progress.WriteLine($"bench bus: npm client skipped: node is not on PATH ({e.Message})");
            return double.NaN;
        }
    }

    private static string? FindInteropFolder()
    {
        foreach (var root in new[] { Environment.CurrentDirectory, AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(root); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, "tests", "interop", "nats-js");
                if (Directory.Exists(Path.Combine(candidate, "node_modules", "nats"))) return candidate;
            }
        }
        return null;
    }

    /// <summary>
    /// A writer appends at <paramref name="rate"/> records/s (paced in steps), a JournalPublisher
    /// tails the journal onto a NatsBus, and a second NatsBus connection receives; each record's
    /// payload carries its append time (Stopwatch), so latency = receipt - append, and whether it
    /// was appended after the warm-up, which only counts those. Also returns the warm-up's length, the
    /// CPU this process spent per second of wall time while measuring (publisher, subscriber and
    /// pacer together), the server's when this run started it, and the pacer's own stalls: how often
    /// it woke over 1 ms late, and the longest. A thread that only sleeps and appends stalls only
    /// when the machine gives it no CPU, so those stalls, and the hypervisor's steal time over the
    /// same window, are the platform's share of the tail.
    /// </summary>
    private static async Task<LatencyRun> EndToEndLatency(string url, int rate, TimeSpan duration, Process? server)
    {
        using var dir = new BenchTempDir();
        using var journal = MmapJournal.Open(Path.Combine(dir.Path, "benchfeed"), new JournalOptions(), create: true);
        using var writer = journal.OpenMmapWriter();
        var instrument = writer.Intern("BENCH");
        await using var publisherBus = await NatsBus.ConnectAsync(NatsOptions.Default with { Servers = [url], Name = "bench-e2e-pub" });
        await using var subscriberBus = await NatsBus.ConnectAsync(NatsOptions.Default with { Servers = [url], Name = "bench-e2e-sub" });
        var total = (int)(rate * duration.TotalSeconds);
        var histogram = new LatencyHistogram(total);
        await using var subscription = subscriberBus.Subscribe("bench.>", new SubscriptionOptions(Capacity: 1 << 20));
        await subscriberBus.FlushAsync();
        await using var fanout = new JournalPublisher(journal, publisherBus, "bench");
        fanout.Start();

        var receiver = Task.Run(async () =>
        {
            long measured = 0;
            while (measured < total && await subscription.Messages.WaitToReadAsync())
            {
                while (subscription.Messages.TryRead(out var message))
                {
                    var now = Stopwatch.GetTimestamp();
                    if (!RecordCodec.TryDecode(message.Payload.Span, out var entry)) throw new InvalidDataException("bench bus: undecodable record on the bus");
                    if (entry.Payload[MeasuredFlagOffset] == 0) continue;
                    histogram.Add(now - BinaryPrimitives.ReadInt64LittleEndian(entry.Payload));
                    measured++;
                }
            }
            return measured;
        });

        // Paced in PaceStep steps, each appending the records due by then, as a feed's writer appends
        // what its socket delivered and then waits on it. A spinning pacer would take a core from the
        // pipeline it measures (on two cores the scheduler then holds the publisher and subscriber
        // back by milliseconds); millisecond sleeps would let idle vCPUs fall asleep between bursts.
        // Its own thread, like a feed's: a blocked thread-pool thread makes the pool add threads.
        // Each record's latency starts at its own append.
        var written = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var measuring = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        long stalls = 0, stallMax = 0;
        var warmup = TimeSpan.Zero;
        var pacer = new Thread(() =>
        {
            try
            {
                Pace();
                written.SetResult();
            }
            catch (Exception e)
            {
                written.SetException(e);
            }
        }) { Name = "bench e2e writer", IsBackground = true };
        pacer.Start();
        await measuring.Task;
        var (client, serverCpu, steal, wall) = (Process.GetCurrentProcess().TotalProcessorTime, server?.TotalProcessorTime, StealTime.Milliseconds(), Stopwatch.StartNew());
        var (gcs, gcPause, allocated) = (GC.CollectionCount(0), GC.GetTotalPauseDuration(), GC.GetTotalAllocatedBytes());
        await written.Task;
        steal = StealTime.Milliseconds() - steal;
        var gc = new GcUse(GC.CollectionCount(0) - gcs, (GC.GetTotalPauseDuration() - gcPause).TotalMilliseconds, (GC.GetTotalAllocatedBytes() - allocated) / (double)total);
        var clientCores = (Process.GetCurrentProcess().TotalProcessorTime - client) / wall.Elapsed;
        var serverCores = server is null ? double.NaN : (server.TotalProcessorTime - serverCpu!.Value) / wall.Elapsed;
        var got = await receiver.WaitAsync(TimeSpan.FromSeconds(30));
        await fanout.StopAsync();
        return new LatencyRun(histogram.PercentileNanos(0.50), histogram.PercentileNanos(0.99), histogram.PercentileNanos(0.999), got,
            warmup.TotalSeconds, clientCores, serverCores, gc, stalls, stallMax * 1e9 / Stopwatch.Frequency, steal);

        void Pace()
        {
            Span<byte> payload = stackalloc byte[EventPayloadBytes];
            var interval = Stopwatch.Frequency / (double)rate;
            var step = (long)(PaceStep.TotalSeconds * Stopwatch.Frequency);
            var started = Stopwatch.GetTimestamp();
            var (compiled, compiledAt) = (JitInfo.GetCompiledMethodCount(), started);
            long i = 0, measuredFrom = -1;
            // Records are due from here at the rate; the measured window starts its own schedule,
            // so a backlog from a slow warm-up is not appended into it at once.
            var scheduleStart = started;
            while (measuredFrom < 0 || i < measuredFrom + total)
            {
                var now = Stopwatch.GetTimestamp();
                if (measuredFrom < 0 && WarmedUp(now))
                {
                    measuredFrom = i;
                    scheduleStart = now;
                    warmup = Stopwatch.GetElapsedTime(started, now);
                    payload[MeasuredFlagOffset] = 1;
                    measuring.TrySetResult();
                }
                var due = Math.Max(measuredFrom, 0) + (long)((now - scheduleStart) / interval) + 1;
                if (measuredFrom >= 0) due = Math.Min(due, measuredFrom + total);
                for (; i < due; i++)
                {
                    var appended = Stopwatch.GetTimestamp();
                    BinaryPrimitives.WriteInt64LittleEndian(payload, appended);
                    var ts = DateTime.UtcNow.Ticks * 100;
                    writer.Append(EventKind.Trade, instrument, ts, ts, payload);
                }
                PreciseSleep.Until(now + step);
                var late = Stopwatch.GetTimestamp() - (now + step);
                if (measuredFrom < 0) continue;
                if (late > Stopwatch.Frequency / 1000) stalls++;
                stallMax = Math.Max(stallMax, late);
            }
            writer.Commit();

            bool WarmedUp(long now)
            {
                var count = JitInfo.GetCompiledMethodCount();
                if (count != compiled) (compiled, compiledAt) = (count, now);
                var elapsed = Stopwatch.GetElapsedTime(started, now);
                return elapsed >= WarmupMax
                    || (elapsed >= WarmupMin && writer.Rotations > 0 && Stopwatch.GetElapsedTime(compiledAt, now) >= JitQuiet);
            }
        }
    }

    /// <summary>What <see cref="EndToEndLatency"/> measured; times in nanoseconds, CPU in cores.</summary>
    private readonly record struct LatencyRun(double P50, double P99, double P999, long Received, double WarmupSeconds, double ClientCores, double ServerCores, GcUse Gc, long PacerStalls, double PacerStallMax, double StealMs);

    /// <summary>This process's garbage collections while measuring: how many, their total pause, bytes allocated per record.</summary>
    private readonly record struct GcUse(int Collections, double PauseMs, double BytesPerRecord);

    /// <summary>Publish-with-ack keeping <see cref="AckWindow"/> publishes outstanding; returns acked messages/s.</summary>
    private static async Task<double> JetStreamPublishRate(NatsJetStream js, string subject, IReadOnlyList<byte[]> payloads)
    {
        var window = new Queue<Task<NatsPubAck>>(AckWindow);
        var clock = Stopwatch.StartNew();
        foreach (var payload in payloads)
        {
            if (window.Count == AckWindow) await window.Dequeue();
            window.Enqueue(js.PublishAsync(subject, payload));
        }
        while (window.Count > 0) await window.Dequeue();
        return payloads.Count / clock.Elapsed.TotalSeconds;
    }

    /// <summary>The same events as journal records (MmapJournal, page-cache durability) and as acked publishes into a file-backed stream.</summary>
    private static async Task<(double JournalPerS, double JetStreamPerS)> Persistence(NatsJetStream js, int events)
    {
        var payloads = new byte[events][];
        for (var i = 0; i < events; i++)
        {
            payloads[i] = new byte[EventPayloadBytes];
            BinaryPrimitives.WriteInt64LittleEndian(payloads[i], i);
        }

        using var dir = new BenchTempDir();
        double journalRate;
        var encoded = new byte[events][];
        using (var journal = MmapJournal.Open(Path.Combine(dir.Path, "persist"), new JournalOptions(), create: true))
        using (var writer = journal.OpenMmapWriter())
        {
            var instrument = writer.Intern("BENCH");
            var clock = Stopwatch.StartNew();
            for (var i = 0; i < events; i++) writer.Append(EventKind.Trade, instrument, 1_000_000 + i, 1_000_000 + i, payloads[i]);
            writer.Commit();
            journalRate = events / clock.Elapsed.TotalSeconds;
            // What JetStream stores is what the bus carries: the RecordCodec encoding of each record.
            using var reader = journal.OpenReader();
            for (var i = 0; i < events && reader.TryRead(out var record); i++) encoded[i] = RecordCodec.Encode(record);
        }

        await js.CreateStreamAsync(new NatsStreamConfig("BENCH_PERSIST", ["bench.persist.>"]) { Storage = NatsStorage.File });
        var jetStreamRate = await JetStreamPublishRate(js, "bench.persist.trade", encoded);
        return (journalRate, jetStreamRate);
    }

    private sealed class BenchTempDir : IDisposable
    {
        public string Path { get; } = Directory.CreateTempSubdirectory("deepwater-bench-bus-").FullName;

        public void Dispose()
        {
            try { Directory.Delete(Path, recursive: true); }
            catch (IOException) { }
        }
    }
}
