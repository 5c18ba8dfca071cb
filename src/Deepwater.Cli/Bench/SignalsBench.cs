using System.Diagnostics;
using Market.Core.Journal;
using Signals.Library;
using Signals.Runtime.Compilation;
using Signals.Runtime.Evaluation;
using Signals.Runtime.Fires;
using Signals.Runtime.Loading;
using Signals.Runtime.Replay;

namespace Deepwater.Cli.Bench;

/// <summary>What <c>deepwater bench signals</c> measures, in one run on this machine.</summary>
internal sealed record SignalsBenchOptions(long Events, int Rounds = 3, int Loads = 3, int Compiles = 30, int WarmCompiles = 5, int Seed = 7);

/// <summary>
/// The signal-runtime benchmark: replay throughput of ten compiled signals sharing one book per
/// instrument over a synthetic mmap journal, metered against unmetered (the fuel overhead), and
/// warm compile latency. Targets: replay ≥ 5 M events/s, metering ≤ 15 % slower, compile ≤ 300 ms.
/// Each set is compiled and loaded several times as distinct assemblies: where the JIT happens to
/// place a set's code moves its throughput by up to ~18 % on this machine's CPU, in either
/// direction, so one load per set would make the metered/unmetered ratio a lottery. Figures are
/// means over loads of each load's median round.
/// </summary>
internal static partial class SignalsBench
{
    public const int Signals = 10;
    private const double TargetEventsPerSecond = 5e6;
    private const double TargetMeteringOverhead = 0.15;
    private const double TargetCompileMs = 300;

    /// <summary>Runs the three measurements; returns the figures and a one-paragraph description of the workload.</summary>
    public static (IReadOnlyList<KeyValuePair<string, double>> Figures, string Workload) Run(SignalsBenchOptions options, TextWriter progress)
    {
        var figures = new List<KeyValuePair<string, double>>();
        void Add(string name, double value) => figures.Add(new(name, Math.Round(value, 3)));
        var workload = $"{options.Events:N0} synthetic events over {Instruments.Length} instruments (a 10-level snapshot each, then ~80% book deltas, " +
            $"1 in 3 ending its batch, ~20% trades; 50,000 events/s of event time) in an mmap journal; {Signals} signals compiled through SignalCompiler " +
            $"({Signals / 2} depth-ratio and {Signals / 2} spread variants, each its own assembly and load context), all on Builders.Book() " +
            $"(one shared book per instrument), subscribed to book and trade events; one thread, ReplayEngine; each set compiled and loaded {options.Loads} times " +
            $"(distinct assemblies, so distinct code placement), {options.Rounds} rounds of each load after a warm-up, metered and unmetered alternating; " +
            "figures are the mean over loads of each load's median round";
        var directory = Path.Combine(Path.GetTempPath(), $"deepwater-bench-signals-{Environment.ProcessId}-{Guid.NewGuid():N}");
        var compiler = new SignalCompiler();
        try
        {
            using var journal = MmapJournal.Open(directory, new JournalOptions { ChunkSize = 256L * 1024 * 1024 }, create: true);
            progress.WriteLine($"write: {options.Events:N0} events to {directory}");
            var written = Write(journal, options);
            Add("events", written);
            Add("signals", Signals);
            Add("instruments", Instruments.Length);

            progress.WriteLine($"compile: {Signals} signals, metered and unmetered, {options.Loads} loads each");
            var metered = Enumerable.Range(0, options.Loads).Select(load => CompileSet(compiler, SignalCompileOptions.Default, load)).ToList();
            var unmetered = Enumerable.Range(0, options.Loads).Select(load => CompileSet(compiler, new SignalCompileOptions { Metered = false }, load)).ToList();

            // Warm-up on every set, then alternate so drift (thermal, neighbours) hits both alike.
            foreach (var set in metered.Concat(unmetered)) Replay(journal, set);
            var meteredRuns = metered.Select(_ => new List<ReplayRun>()).ToList();
            var unmeteredRuns = unmetered.Select(_ => new List<ReplayRun>()).ToList();
            for (var round = 0; round < options.Rounds; round++)
            {
                for (var load = 0; load < options.Loads; load++)
                {
                    meteredRuns[load].Add(Replay(journal, metered[load]));
                    unmeteredRuns[load].Add(Replay(journal, unmetered[load]));
                    progress.WriteLine($"round {round + 1} load {load + 1}: metered {meteredRuns[load][^1].EventsPerSecond / 1e6:0.00} M events/s, " +
                        $"unmetered {unmeteredRuns[load][^1].EventsPerSecond / 1e6:0.00} M events/s");
                }
            }
            var m = meteredRuns.Select(Median).ToList();
            var u = unmeteredRuns.Select(Median).ToList();
            var meteredRate = m.Average(r => r.EventsPerSecond);
            var unmeteredRate = u.Average(r => r.EventsPerSecond);
            Add("replay_m_events_per_s", meteredRate / 1e6);
            Add("replay_load_min_m_events_per_s", m.Min(r => r.EventsPerSecond) / 1e6);
            Add("replay_load_max_m_events_per_s", m.Max(r => r.EventsPerSecond) / 1e6);
            Add("replay_fires", m[0].Fires);
            Add("replay_dropped_fires", m[0].Dropped);
            Add("replay_errors", m.Sum(r => r.Errors));
            Add("unmetered_m_events_per_s", unmeteredRate / 1e6);
            var overhead = (unmeteredRate / meteredRate) - 1;
            Add("metering_overhead_pct", overhead * 100);

            progress.WriteLine($"compile: {options.WarmCompiles} warm-ups, then {options.Compiles} timed compiles of distinct sources");
            var (p50, p99) = CompileTimes(compiler, options);
            Add("compile_p50_ms", p50);
            Add("compile_p99_ms", p99);

            progress.WriteLine($"targets: replay >= {TargetEventsPerSecond / 1e6:0} M events/s ({Verdict(meteredRate >= TargetEventsPerSecond)}), " +
                $"metering <= {TargetMeteringOverhead:P0} slower ({Verdict(overhead <= TargetMeteringOverhead)}), compile p99 <= {TargetCompileMs:0} ms ({Verdict(p99 <= TargetCompileMs)})");
            foreach (var loaded in metered.Concat(unmetered).SelectMany(set => set)) loaded.Unload();
        }
        finally
        {
            try { Directory.Delete(directory, recursive: true); } catch (IOException) { }
        }
        return (figures, workload);
    }

    private static string Verdict(bool met) => met ? "met" : "NOT met";

    /// <summary>The ten signals, compiled as load <paramref name="load"/>'s own assemblies (a comment makes each source distinct).</summary>
    private static List<LoadedSignal> CompileSet(SignalCompiler compiler, SignalCompileOptions options, int load)
    {
        var set = new List<LoadedSignal>();
        for (var i = 0; i < Signals; i++)
        {
            var (name, source) = Source(i);
            var compiled = compiler.Compile($"signals/{name}.cs", $"{source}\n// load {load}\n", options);
            if (!compiled.Success) throw new InvalidOperationException($"bench signal {name} did not compile: {string.Join("; ", compiled.Errors)}");
            set.Add(LoadedSignal.Load(compiled, new SignalIdentity(name, "bench", compiled.SourceHash)));
        }
        return set;
    }

    private static ReplayRun Replay(IJournal journal, List<LoadedSignal> set)
    {
        using var evaluator = new SignalEvaluator(new CountingSink());
        foreach (var loaded in set)
        {
            var result = evaluator.Load(loaded.Definition());
            if (!result.Loaded) throw new InvalidOperationException(result.Error);
        }
        GC.Collect();
        var replay = new ReplayEngine(evaluator).Run([new ReplaySource(journal, "sim")]);
        var statuses = evaluator.GetStatuses();
        foreach (var loaded in set) evaluator.Unload(loaded.Identity.Name);
        return new ReplayRun(replay.EventsPerSecond, replay.Fires, statuses.Sum(s => s.DroppedFires), statuses.Sum(s => s.Errors));
    }

    private static (double P50, double P99) CompileTimes(SignalCompiler compiler, SignalsBenchOptions options)
    {
        var (name, source) = Source(0);
        var times = new double[options.Compiles];
        for (var i = -options.WarmCompiles; i < options.Compiles; i++)
        {
            // A distinct source each time: the compiler caches by content hash.
            var distinct = $"{source}\n// compile {i} {Guid.NewGuid():N}\n";
            var started = Stopwatch.GetTimestamp();
            var compiled = compiler.Compile($"signals/{name}.cs", distinct);
            var elapsed = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            if (!compiled.Success || compiled.FromCache) throw new InvalidOperationException("the compile benchmark's source did not compile afresh");
            if (i >= 0) times[i] = elapsed;
        }
        Array.Sort(times);
        return (Percentile(times, 0.50), Percentile(times, 0.99));
    }

    private static ReplayRun Median(List<ReplayRun> runs) => runs.OrderBy(r => r.EventsPerSecond).ElementAt(runs.Count / 2);

    private static double Percentile(double[] sorted, double p) => sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];

    private sealed record ReplayRun(double EventsPerSecond, long Fires, long Dropped, long Errors);

    private sealed class CountingSink : IFireSink
    {
        public long Count;

        public void OnFire(in SignalFire fire) => Count++;
    }
}
