using System.Diagnostics;
using Market.Core.Journal;
using Signals.Library;
using Signals.Runtime.Deployment;
using Signals.Runtime.Hosting;

namespace Deepwater.Cli.Bench;

/// <summary>
/// <c>deepwater bench reload</c>: commit → first event on the new version. A writer appends trades
/// to a feed journal continuously (about 5,000 a second) while a <see cref="SignalRuntimeHost"/>
/// follows it; each round commits a new version of one signal and times, from the commit's return
/// to the evaluator reporting an event handled by that commit's version: detection (the git
/// watcher), compile, load, warm-up and the swap between two events.
/// </summary>
internal static class ReloadBench
{
    private static readonly SignalAuthor Author = new("deepwater bench", "bench@deepwater.local");

    public static IReadOnlyList<KeyValuePair<string, double>> Run(int rounds, TextWriter progress)
    {
        // Under the system temp folder: a signals folder inside another git repository (a data
        // directory in a checkout) would be a subfolder of that repository, not a repository of its own.
        var root = Directory.CreateTempSubdirectory("deepwater-bench-reload-").FullName;
        var data = Path.Combine(root, "data");
        var signals = Path.Combine(root, "signals");
        var figures = new List<KeyValuePair<string, double>>();
        try
        {
            Directory.CreateDirectory(data);
            using var journal = MmapJournal.Open(MmapJournal.PathFor(data, "bench", "tape"), create: true);
            using var stop = new CancellationTokenSource();
            var writer = Task.Factory.StartNew(() => WriteTrades(journal, stop.Token), TaskCreationOptions.LongRunning);
            var repository = SignalRepository.Open(signals, initialize: true);
            repository.Commit("reload_probe", Source(0), "round 0", Author);
            var latencies = new LatencyHistogram(rounds);
            var runtime = new SignalRuntimeHost(new SignalRuntimeOptions { SignalsDirectory = signals, DataDirectory = data, Environment = "bench" });
            try
            {
                runtime.StartAsync().GetAwaiter().GetResult();
                runtime.Deployer!.Deployed += report => progress.WriteLine($"  deployed {report.Commit[..8]} in {report.Elapsed.TotalMilliseconds:F1} ms");
                WaitForEvents(runtime, repository.Head()!);
                for (var round = 1; round <= rounds; round++)
                {
                    var sha = repository.Commit("reload_probe", Source(round), $"round {round}", Author);
                    var committed = Stopwatch.GetTimestamp();
                    WaitForEvents(runtime, sha);
                    var elapsed = Stopwatch.GetTimestamp() - committed;
                    latencies.Add(elapsed);
                    progress.WriteLine($"round {round}: {elapsed * 1e3 / Stopwatch.Frequency:F1} ms");
                }
            }
            finally
            {
                runtime.DisposeAsync().AsTask().GetAwaiter().GetResult();
                stop.Cancel();
                writer.GetAwaiter().GetResult();
            }
            figures.Add(new("rounds", rounds));
            figures.Add(new("commit_to_first_event_p50_ms", Math.Round(latencies.PercentileNanos(0.50) / 1e6, 1)));
            figures.Add(new("commit_to_first_event_p90_ms", Math.Round(latencies.PercentileNanos(0.90) / 1e6, 1)));
            figures.Add(new("commit_to_first_event_max_ms", Math.Round(latencies.PercentileNanos(1.0) / 1e6, 1)));
        }
        finally
        {
            try { Directory.Delete(root, recursive: true); } catch (IOException) { }
        }
        return figures;
    }

    /// <summary>Each round's source differs, so every commit compiles afresh (no cache hit).</summary>
    private static string Source(int round) => $$"""
        using Signals.Library;
        using Signals.Library.State;

        // round {{round}}
        public sealed class ReloadProbe : Signal
        {
            private StateKey<TradeFlowState> _flow = null!;

            public override void Configure(SignalSetup setup)
            {
                setup.Subscribe("*", "*", EventKinds.Trade);
                _flow = setup.Use(Builders.TradeFlow(TimeSpan.FromSeconds({{1 + (round % 30)}})));
            }

            public override void OnTrade(in Trade trade, SignalContext context)
            {
                if (context.State(_flow).Imbalance > 2) context.Fire("never");
            }
        }
        """;

    private static void WaitForEvents(SignalRuntimeHost runtime, string commit)
    {
        var deadline = Stopwatch.GetTimestamp() + (Stopwatch.Frequency * 30);
        while (runtime.Evaluator!.GetStatus("reload_probe") is not { } status || status.Identity.Commit != commit || status.Events == 0)
        {
            if (Stopwatch.GetTimestamp() > deadline)
            {
                var deployment = runtime.Deployer!.Statuses().FirstOrDefault();
                throw new TimeoutException($"commit {commit[..12]} never reached an event: {deployment}");
            }
            Thread.Sleep(0);
        }
    }

    private static void WriteTrades(MmapJournal journal, CancellationToken stop)
    {
        using var writer = journal.OpenWriter();
        var id = writer.Intern("BTC-USD");
        ulong n = 0;
        while (!stop.IsCancellationRequested)
        {
            var ts = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() * 1_000_000 + (long)(n % 1_000_000);
            writer.Append(new Trade(id, ts, ts, (100_000 + (long)(n % 100)) * FixedPoint.Scale, FixedPoint.Scale, n % 2 == 0 ? Side.Buy : Side.Sell, n));
            writer.Commit();
            n++;
            stop.WaitHandle.WaitOne(TimeSpan.FromTicks(2_000));
        }
    }
}
