using Market.Core.Journal;
using Signals.Library;
using Signals.Runtime.Compilation;
using Signals.Runtime.Evaluation;
using Signals.Runtime.Fires;
using Signals.Runtime.Loading;
using Signals.Runtime.Replay;
using Signals.Runtime.Worker;

namespace Deepwater.Bench;

/// <summary>
/// Worker-mode throughput (sandbox layer 7): the same compiled, metered signals replayed in process
/// and through <see cref="WorkerSignalHost"/>, with 1 and 10 signals. Prints events/s; asserts nothing.
/// </summary>
public static class WorkerThroughput
{
    private const string Source = """
        public sealed class Spread : Signal
        {
            private StateKey<BookState> _book = null!;
            private long _volume;
            private long _limit;

            public override void Configure(SignalSetup setup)
            {
                setup.Subscribe("*", "*", EventKinds.Book | EventKinds.Trade);
                _book = setup.Use(Builders.Book());
                _limit = (long)setup.Parameter("spread_ticks", 3) * FixedPoint.Scale / 100;
            }

            public override void OnTrade(in Trade trade, SignalContext context) => _volume += trade.Size;

            public override void OnBookChanged(SignalContext context)
            {
                var book = context.State(_book);
                if (book.Spread is { } spread && spread > _limit) context.Fire("wide spread", ("spread", spread), ("volume", _volume));
            }
        }
        """;

    public static void Run(int events)
    {
        using var journal = new InMemoryJournal("sim");
        ReplayThroughput.Write(journal, events);
        var compiled = new SignalCompiler().Compile("signals/spread.cs", Source);
        if (!compiled.Success) throw new InvalidOperationException(string.Join("\n", compiled.Diagnostics));
        foreach (var count in new[] { 1, 10 })
        {
            var signals = Enumerable.Range(0, count)
                .Select(i => new WorkerSignal(new SignalIdentity($"spread{i}", "bench", compiled.SourceHash), compiled, new Dictionary<string, double> { ["spread_ticks"] = 3 + i }))
                .ToList();
            for (var round = 0; round < 2; round++)
            {
                InProcess(journal, signals);
                InWorker(journal, signals);
            }
        }
    }

    private static void InProcess(IJournal journal, List<WorkerSignal> signals)
    {
        var sink = new CountingSink();
        using var evaluator = new SignalEvaluator(sink);
        foreach (var signal in signals) evaluator.Load(LoadedSignal.Load(signal.Compiled, signal.Identity).Definition(signal.Parameters));
        Print("in-process", signals.Count, new ReplayEngine(evaluator).Run([new ReplaySource(journal)]), sink.Count);
    }

    private static void InWorker(IJournal journal, List<WorkerSignal> signals)
    {
        var sink = new CountingSink();
        var host = WorkerSignalHost.Start(sink);
        try
        {
            foreach (var signal in signals) host.Load(signal);
            Print("worker", signals.Count, new ReplayEngine(host).Run([new ReplaySource(journal)]), sink.Count);
        }
        finally
        {
            host.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }
    }

    private static void Print(string mode, int signals, ReplayResult replay, long fires) =>
        Console.WriteLine($"{mode,-10} {signals,2} signals: {replay.Events:N0} events in {replay.Elapsed.TotalSeconds:0.000} s = {replay.EventsPerSecond / 1e6:0.00} M events/s; fires {fires:N0}");

    private sealed class CountingSink : IFireSink
    {
        public long Count;

        public void OnFire(in SignalFire fire) => Count++;
    }
}
