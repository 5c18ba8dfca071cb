using System.Diagnostics;
using Market.Core.Journal;
using Signals.Library;
using Signals.Library.Book;
using Signals.Library.State;
using Signals.Runtime.Evaluation;
using Signals.Runtime.Fires;
using Signals.Runtime.Replay;

namespace Deepwater.Bench;

/// <summary>
/// Replay throughput, single-threaded: ten signals sharing one book builder over synthetic book
/// deltas and trades, from an mmap journal and from an in-memory one. Prints events/s; asserts nothing.
/// </summary>
public static class ReplayThroughput
{
    private static readonly string[] Symbols = ["BTC-USD", "ETH-USD", "SOL-USD", "XRP-USD"];

    public static void Run(int events)
    {
        var directory = Path.Combine(Path.GetTempPath(), "deepwater-replay-" + Guid.NewGuid().ToString("N"));
        try
        {
            using var mmap = MmapJournal.Open(directory, new JournalOptions { ChunkSize = 256L * 1024 * 1024 }, create: true);
            using var memory = new InMemoryJournal("sim");
            var written = Stopwatch.StartNew();
            Write(mmap, events);
            Write(memory, events);
            Console.WriteLine($"wrote {events:N0} events to each journal in {written.Elapsed.TotalSeconds:0.0} s");
            for (var round = 0; round < 3; round++)
            {
                Measure("mmap", mmap);
                Measure("in-memory", memory);
            }
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    private static void Measure(string name, IJournal journal)
    {
        var sink = new CountingSink();
        using var evaluator = new SignalEvaluator(sink);
        for (var i = 0; i < 10; i++)
        {
            var n = i;
            var result = evaluator.Load(new SignalDefinition(new SignalIdentity($"bench{n}", "bench", ""), () => new BenchSignal(n)));
            if (!result.Loaded) throw new InvalidOperationException(result.Error);
        }
        GC.Collect();
        var gcBefore = GC.CollectionCount(0);
        var replay = new ReplayEngine(evaluator).Run([new ReplaySource(journal, "sim")]);
        var status = evaluator.GetStatuses();
        Console.WriteLine($"{name,-10} {replay.Events:N0} events in {replay.Elapsed.TotalSeconds:0.000} s = {replay.EventsPerSecond / 1e6:0.00} M events/s; "
            + $"fires {replay.Fires:N0}, dropped {status.Sum(s => s.DroppedFires):N0}, errors {status.Sum(s => s.Errors)}, gen0 GCs {GC.CollectionCount(0) - gcBefore}, "
            + $"signal time {status.Sum(s => s.TimeSpent.TotalMilliseconds):0} ms (sampled)");
    }

    internal static void Write(IJournal journal, int events)
    {
        using var writer = journal.OpenWriter();
        var ids = Symbols.Select(writer.Intern).ToArray();
        var random = new Random(7);
        var start = 1_700_000_000L * 1_000_000_000;
        var mids = new long[ids.Length];
        Array.Fill(mids, 100 * FixedPoint.Scale);
        for (var i = 0; i < events; i++)
        {
            var s = random.Next(ids.Length);
            var ts = start + (i * 20_000L); // 50,000 events a second of event time
            if (random.Next(5) == 0)
            {
                writer.Append(new Trade(ids[s], ts, ts, mids[s], FixedPoint.Scale, random.Next(2) == 0 ? Side.Buy : Side.Sell, (ulong)i));
                continue;
            }
            if (random.Next(50) == 0) mids[s] += (random.Next(2) * 2 - 1) * FixedPoint.Scale / 100;
            var bid = random.Next(2) == 0;
            var level = random.Next(10) + 1;
            var price = bid ? mids[s] - level * FixedPoint.Scale / 100 : mids[s] + level * FixedPoint.Scale / 100;
            var size = random.Next(10) == 0 ? 0 : random.Next(1, 100) * FixedPoint.Scale;
            writer.Append(new BookDelta(ids[s], ts, ts, bid ? BookSide.Bid : BookSide.Ask, size == 0 ? BookAction.Delete : BookAction.Set, price, size, 0),
                random.Next(3) == 0 ? RecordFlags.EndOfBatch : RecordFlags.None);
        }
        writer.Commit();
    }

    private sealed class CountingSink : IFireSink
    {
        public long Count;

        public void OnFire(in SignalFire fire) => Count++;
    }

    private sealed record BookSpec : StateSpec<BenchBook>
    {
        public override string Describe() => "bench_book";

        protected override BenchBook Create(IStateInputs inputs) => new();
    }

    private sealed class BenchBook : StateBuilder
    {
        public OrderBook Book { get; } = new();

        public override EventKinds Consumes => EventKinds.Book;

        protected override void OnBookDelta(in BookDelta delta, bool endOfBatch) => Book.Apply(delta);

        protected override void OnBookSnapshot(in BookSnapshot snapshot) => Book.Apply(snapshot);
    }

    /// <summary>Reads the spread at the end of each batch and sums trade volume; fires now and then.</summary>
    private sealed class BenchSignal(int n) : Signal
    {
        private StateKey<BenchBook> _book = null!;
        private long _volume;
        private long _limit;

        public override void Configure(SignalSetup setup)
        {
            setup.Subscribe("*", "*", EventKinds.Book | EventKinds.Trade);
            _book = setup.Use(new BookSpec());
            _limit = (long)setup.Parameter("spread_ticks", 3 + n) * FixedPoint.Scale / 100;
        }

        public override void OnTrade(in Trade trade, SignalContext context) => _volume += trade.Size;

        public override void OnBookChanged(SignalContext context)
        {
            var book = context.State(_book).Book;
            if (book.Spread is { } spread && spread > _limit) context.Fire("wide spread", ("spread", spread), ("volume", _volume));
        }
    }
}
