using System.Buffers.Binary;
using System.Diagnostics;
using Market.Core.Journal;
using Signals.Library;

namespace Deepwater.Cli.Bench;

/// <summary>What <c>deepwater bench journal</c> measures, in one run on this machine.</summary>
internal sealed record JournalBenchOptions(string DataDirectory, long Events, int Seeks, int TailSamples);

/// <summary>
/// The journal benchmark: 64-byte records (40-byte header, 24-byte payload) with page-cache
/// durability, against a plain copy of the same bytes in the same run.
/// </summary>
internal static class JournalBench
{
    private const int PayloadBytes = 24;
    private const int RecordBytes = 64;
    private const long T0 = 1_767_225_600_000_000_000; // 2026-01-01T00:00:00Z
    private const long Spacing = 1_000;                // 1 µs of receive time between records

    public static IReadOnlyList<KeyValuePair<string, double>> Run(JournalBenchOptions options, TextWriter progress)
    {
        var root = Path.Combine(Path.GetFullPath(options.DataDirectory), "bench", $"journal-{Environment.ProcessId}");
        var dir = Path.Combine(root, "bench");
        var figures = new List<KeyValuePair<string, double>>();
        void Add(string name, double value) => figures.Add(new(name, Math.Round(value, 3)));
        try
        {
            Add("events", options.Events);
            Add("record_bytes", RecordBytes);

            // Run every path once first, so the figures are of optimised (tier-1) code, not of the JIT.
            progress.WriteLine("warm-up");
            var warm = Path.Combine(root, "warm-up");
            Append(warm, 500_000);
            SequentialRead(warm, 500_000);
            TimeSeeks(warm, 500_000, 2_000);
            MemoryCopy(500_000);
            AppendLatency(Path.Combine(root, "warm-up-latency"), 200_000);

            progress.WriteLine($"append: {options.Events:N0} records of {RecordBytes} bytes");
            var appendSeconds = Append(dir, options.Events);
            var appendRate = options.Events / appendSeconds;
            Add("append_events_per_s", appendRate);
            Add("append_mb_per_s", appendRate * RecordBytes / 1e6);

            progress.WriteLine("memory copy of the same bytes");
            var copyRate = options.Events / MemoryCopy(options.Events);
            Add("memcpy_events_per_s", copyRate);
            Add("append_to_memcpy_ratio", appendRate / copyRate);

            progress.WriteLine("append latency");
            var latency = AppendLatency(Path.Combine(root, "latency"), (int)Math.Min(options.Events, 2_000_000));
            Add("append_p50_ns", latency.PercentileNanos(0.50));
            Add("append_p99_ns", latency.PercentileNanos(0.99));
            Add("append_p999_ns", latency.PercentileNanos(0.999));

            progress.WriteLine("sequential read");
            var (readSeconds, maxRss) = SequentialRead(dir, options.Events);
            Add("read_events_per_s", options.Events / readSeconds);
            Add("read_max_rss_mb", maxRss / 1e6);
            Add("journal_mb", Directory.EnumerateFiles(dir, "*.chunk").Sum(f => new FileInfo(f).Length) / 1e6);

            progress.WriteLine($"time seek: {options.Seeks:N0} random seeks");
            var seeks = TimeSeeks(dir, options.Events, options.Seeks);
            Add("seek_p50_us", seeks.PercentileNanos(0.50) / 1e3);
            Add("seek_p99_us", seeks.PercentileNanos(0.99) / 1e3);

            progress.WriteLine($"tail wake-up: {options.TailSamples:N0} samples");
            var wake = TailWakeUp(Path.Combine(root, "tail"), options.TailSamples);
            Add("tail_wakeup_p50_us", wake.PercentileNanos(0.50) / 1e3);
            Add("tail_wakeup_p99_us", wake.PercentileNanos(0.99) / 1e3);

            progress.WriteLine("open after kill -9 (child process appending to the same journal)");
            var (openMs, torn) = OpenAfterCrash(root, dir);
            Add("open_after_crash_ms", openMs);
            Add("open_after_crash_torn_bytes", torn);
        }
        finally
        {
            try { Directory.Delete(root, recursive: true); } catch (IOException) { }
        }
        return figures;
    }

    private static void FillPayload(Span<byte> payload, long i)
    {
        BinaryPrimitives.WriteInt64LittleEndian(payload, i);
        BinaryPrimitives.WriteInt64LittleEndian(payload[8..], i * 31);
        BinaryPrimitives.WriteInt64LittleEndian(payload[16..], ~i);
    }

    private static double Append(string dir, long events)
    {
        using var journal = MmapJournal.Open(dir, new JournalOptions(), create: true);
        using var writer = journal.OpenMmapWriter();
        Span<byte> payload = stackalloc byte[PayloadBytes];
        var started = Stopwatch.GetTimestamp();
        for (long i = 0; i < events; i++)
        {
            FillPayload(payload, i);
            writer.Append(EventKind.Trade, (uint)(i & 7) + 1, T0 + i * Spacing, T0 + i * Spacing, payload);
        }
        writer.Commit();
        return Stopwatch.GetElapsedTime(started).TotalSeconds;
    }

    /// <summary>The same records copied one by one into a chunk-sized, already-faulted buffer.</summary>
    private static double MemoryCopy(long events)
    {
        var ring = GC.AllocateUninitializedArray<byte>(64 * 1024 * 1024, pinned: true);
        ring.AsSpan().Fill(1);
        Span<byte> record = stackalloc byte[RecordBytes];
        var started = Stopwatch.GetTimestamp();
        long offset = 0;
        for (long i = 0; i < events; i++)
        {
            FillPayload(record[40..], i);
            BinaryPrimitives.WriteInt64LittleEndian(record[8..], i);
            record.CopyTo(ring.AsSpan((int)offset, RecordBytes));
            offset += RecordBytes;
            if (offset == ring.Length) offset = 0;
        }
        var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
        GC.KeepAlive(ring);
        return seconds;
    }

    private static LatencyHistogram AppendLatency(string dir, int samples)
    {
        using var journal = MmapJournal.Open(dir, new JournalOptions(), create: true);
        using var writer = journal.OpenMmapWriter();
        var histogram = new LatencyHistogram(samples);
        Span<byte> payload = stackalloc byte[PayloadBytes];
        for (var i = 0; i < samples; i++)
        {
            FillPayload(payload, i);
            var before = Stopwatch.GetTimestamp();
            writer.Append(EventKind.Trade, 1, T0 + i * Spacing, T0 + i * Spacing, payload);
            histogram.Add(Stopwatch.GetTimestamp() - before);
        }
        return histogram;
    }

    private static (double Seconds, long MaxRss) SequentialRead(string dir, long events)
    {
        using var journal = MmapJournal.Open(dir);
        using var reader = journal.OpenReader();
        var started = Stopwatch.GetTimestamp();
        long count = 0, checksum = 0, maxRss = 0;
        while (reader.TryRead(out var record))
        {
            checksum += record.Payload[0];
            if ((++count & 0xFFFFF) == 0) maxRss = Math.Max(maxRss, CurrentRss());
        }
        var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
        if (count != events) throw new InvalidOperationException($"read {count} records, wrote {events} (checksum {checksum})");
        return (seconds, Math.Max(maxRss, CurrentRss()));
    }

    private static LatencyHistogram TimeSeeks(string dir, long events, int seeks)
    {
        using var journal = MmapJournal.Open(dir);
        using var reader = journal.OpenReader();
        var random = new Random(7);
        var histogram = new LatencyHistogram(seeks);
        for (var i = 0; i < seeks; i++)
        {
            var target = random.NextInt64(events);
            var before = Stopwatch.GetTimestamp();
            reader.SeekToTime(T0 + target * Spacing);
            var found = reader.TryRead(out var record);
            histogram.Add(Stopwatch.GetTimestamp() - before);
            if (!found || record.Sequence != target + 1) throw new InvalidOperationException($"seek to record {target + 1} landed on {record.Sequence}");
        }
        return histogram;
    }

    /// <summary>
    /// A writer publishes one record at a time, paced by busy-waiting ~100 µs apart; a reader
    /// blocked in <see cref="IJournalReader.WaitForData"/> notes how long after the append it woke.
    /// </summary>
    private static LatencyHistogram TailWakeUp(string dir, int samples)
    {
        using var journal = MmapJournal.Open(dir, new JournalOptions(), create: true);
        using var writer = journal.OpenWriter();
        using var reader = journal.OpenReader();
        var histogram = new LatencyHistogram(samples);
        var consumer = new Thread(() =>
        {
            for (var seen = 0; seen < samples;)
            {
                reader.WaitForData(Timeout.InfiniteTimeSpan);
                var woke = Stopwatch.GetTimestamp();
                while (reader.TryRead(out var record))
                {
                    histogram.Add(woke - BinaryPrimitives.ReadInt64LittleEndian(record.Payload));
                    seen++;
                }
            }
        }) { IsBackground = true };
        consumer.Start();
        Span<byte> payload = stackalloc byte[PayloadBytes];
        var gap = Stopwatch.Frequency / 10_000;
        for (var i = 0; i < samples; i++)
        {
            var until = Stopwatch.GetTimestamp() + gap;
            while (Stopwatch.GetTimestamp() < until) Thread.SpinWait(20);
            BinaryPrimitives.WriteInt64LittleEndian(payload, Stopwatch.GetTimestamp());
            writer.Append(EventKind.Trade, 1, T0 + i, T0 + i, payload);
        }
        consumer.Join();
        return histogram;
    }

    /// <summary>
    /// A child <c>deepwater journal generate</c> appends to the benchmark journal; it is killed
    /// with SIGKILL mid-stream and the time to reopen it for writing (recovery included) is measured.
    /// </summary>
    private static (double Milliseconds, long TornBytes) OpenAfterCrash(string root, string dir)
    {
        var before = Directory.EnumerateFiles(dir, "*.chunk").Count();
        using var child = Process.Start(SelfProcess.StartInfo(
            "journal", "generate", "bench", "--data", Path.GetDirectoryName(root)!, "--env", Path.GetFileName(root),
            "--events", "1000000000", "--seed", "3"))!;
        // Follow what it writes until it is well into a chunk of its own, then kill it mid-stream.
        using (var journal = MmapJournal.Open(dir))
        using (var reader = journal.OpenReader())
        {
            reader.SeekToEnd();
            var target = reader.NextSequence + 2_000_000;
            var deadline = Environment.TickCount64 + 60_000;
            while (reader.NextSequence < target && !child.HasExited && Environment.TickCount64 < deadline)
            {
                if (!reader.TryRead(out _)) reader.WaitForData(TimeSpan.FromMilliseconds(5));
            }
        }
        if (child.HasExited) throw new InvalidOperationException($"the generator exited early: {child.StandardError.ReadToEnd()}");
        child.Kill();
        child.WaitForExit();
        var started = Stopwatch.GetTimestamp();
        using var reopened = MmapJournal.Open(dir);
        using var writer = reopened.OpenMmapWriter();
        var elapsed = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        if (Directory.EnumerateFiles(dir, "*.chunk").Count() <= before) throw new InvalidOperationException("the generator did not extend the journal");
        return (elapsed, writer.Recovery.TornTailBytes);
    }

    private static long CurrentRss()
    {
        using var self = Process.GetCurrentProcess();
        return self.WorkingSet64;
    }
}
