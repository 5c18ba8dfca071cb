using System.Diagnostics;
using Market.Core.Books;
using Market.Core.Journal;
using Signals.Library;
using Signals.Library.Book;

namespace Deepwater.Cli.Bench;

/// <summary>What <c>deepwater bench book</c> measures, in one run on this machine.</summary>
internal sealed record BookBenchOptions(string DataDirectory, long Deltas, int Queries = 100, int Instruments = 4, int Seed = 42);

/// <summary>
/// The book-history benchmark: a seeded journal of book deltas with checkpoints (every 50k deltas
/// or 10 s per instrument), then <see cref="BookHistory.BookAt(IJournal, uint, long)"/> at random instants.
/// </summary>
internal static class BookBench
{
    private const long T0 = 1_767_225_600_000_000_000; // 2026-01-01T00:00:00Z

    public static IReadOnlyList<KeyValuePair<string, double>> Run(BookBenchOptions options, TextWriter progress)
    {
        var root = Path.Combine(Path.GetFullPath(options.DataDirectory), "bench", $"book-{Environment.ProcessId}");
        var figures = new List<KeyValuePair<string, double>>();
        void Add(string name, double value) => figures.Add(new(name, Math.Round(value, 3)));
        try
        {
            using var journal = MmapJournal.Open(root, new JournalOptions(), create: true);
            progress.WriteLine($"build: {options.Deltas:N0} deltas over {options.Instruments} instruments");
            var started = Stopwatch.GetTimestamp();
            var (ids, last, checkpoints) = Build(journal, options);
            var buildSeconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
            Add("deltas", options.Deltas);
            Add("instruments", options.Instruments);
            Add("checkpoints", checkpoints);
            Add("build_s", buildSeconds);

            progress.WriteLine($"BookAt: {options.Queries} random instants");
            var random = new Random(options.Seed + 1);
            var book = new OrderBook();
            // Warm-up over instants the timed calls will not reuse: the tiered JIT promotes hot code
            // only after many calls, and one call left its tier-up inside the timed ones.
            var warm = new Random(7);
            for (var i = 0; i < 50; i++) BookHistory.BookAt(journal, ids[i % ids.Length], T0 + (long)(warm.NextDouble() * (last - T0)), out _, book);
            var times = new double[options.Queries];
            long deltasApplied = 0, slowestScanned = 0;
            var slowest = 0.0;
            for (var i = 0; i < times.Length; i++)
            {
                var at = T0 + random.NextInt64(last - T0 + 1);
                var id = ids[random.Next(ids.Length)];
                var before = Stopwatch.GetTimestamp();
                BookHistory.BookAt(journal, id, at, out var info, book);
                times[i] = Stopwatch.GetElapsedTime(before).TotalMilliseconds;
                deltasApplied += info.DeltasApplied;
                if (times[i] > slowest) (slowest, slowestScanned) = (times[i], info.RecordsScanned);
            }
            Array.Sort(times);
            Add("bookat_p50_ms", Percentile(times, 0.50));
            Add("bookat_p99_ms", Percentile(times, 0.99));
            Add("bookat_max_ms", times[^1]);
            Add("bookat_mean_deltas_applied", (double)deltasApplied / times.Length);
            // Says whether the slowest query was slow for its work (records scanned) or for the machine (JIT, GC, a neighbour).
            Add("bookat_slowest_records_scanned", slowestScanned);
        }
        finally
        {
            try { Directory.Delete(root, recursive: true); } catch (IOException) { }
        }
        return figures;
    }

    private static double Percentile(double[] sorted, double p) => sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];

    /// <summary>Seeded deltas near a mid of 1000 (sizes kept consistent by one OrderBook per instrument); returns the ids, the last TsRecv and the checkpoints written.</summary>
    private static (uint[] Ids, long Last, long Checkpoints) Build(MmapJournal journal, BookBenchOptions options)
    {
        var random = new Random(options.Seed);
        using var writer = journal.OpenWriter();
        var ids = Enumerable.Range(0, options.Instruments).Select(i => writer.Intern($"BENCH{i}")).ToArray();
        var books = ids.Select(_ => new OrderBook()).ToArray();
        var checkpointer = new BookCheckpointer(writer, new BookCheckpointOptions(EveryDeltas: 50_000, EveryNanos: 10_000_000_000));
        var ts = T0;
        for (long i = 0; i < options.Deltas; i++)
        {
            ts += random.Next(4) * 1_000_000L; // 0–3 ms apart: equal receive times happen
            var k = random.Next(ids.Length);
            var delta = RandomBook.Delta(random, ids[k], ts, i + 1);
            writer.Append(delta);
            books[k].Apply(delta);
            checkpointer.OnDelta(delta, books[k]);
        }
        writer.Commit();
        return (ids, ts, checkpointer.Written);
    }
}
