using Market.Core.Journal;
using Signals.Library;
using Signals.Runtime.Compilation;
using Signals.Runtime.Evaluation;
using Signals.Runtime.Loading;
using Signals.Runtime.Replay;
using Signals.Runtime.Tests.Support;
using Signals.Runtime.Worker;

namespace Signals.Runtime.Tests.Worker;

/// <summary>Signal sources compiled through the real sandbox, and runs of them in process and in the worker.</summary>
internal static class WorkerSignals
{
    /// <summary>Stateful on purpose (a count, a sum, its random stream, a timer): a restart that lost its state would show.</summary>
    public const string Steady = """
        public sealed class Steady : Signal
        {
            private long _count;
            private long _sum;

            public override void Configure(SignalSetup setup)
            {
                setup.Subscribe("*", "*", EventKinds.Trade);
                setup.Every(TimeSpan.FromSeconds(1));
                setup.LimitFires(SignalSetup.MaxFiresPerMinute);
            }

            public override void OnTrade(in Trade trade, SignalContext context)
            {
                _count++;
                _sum += trade.Price;
                if (_count % 3 == 0) context.Fire("steady", ("count", _count), ("sum", _sum), ("draw", context.Random.NextDouble()));
            }

            public override void OnTimer(SignalContext context) => context.Alert("tick", ("count", _count));
        }
        """;

    /// <summary>Fires now and then; the test hooks crash the worker inside its calls.</summary>
    public const string Victim = """
        public sealed class Victim : Signal
        {
            private long _count;

            public override void Configure(SignalSetup setup)
            {
                setup.Subscribe("*", "*", EventKinds.Trade);
                setup.LimitFires(SignalSetup.MaxFiresPerMinute);
            }

            public override void OnTrade(in Trade trade, SignalContext context)
            {
                if (++_count % 10 == 0) context.Fire("victim", ("count", _count));
            }
        }
        """;

    /// <summary>Keeps a megabyte per trade: within every per-call budget, but it fills any heap.</summary>
    public const string Hog = """
        public sealed class Hog : Signal
        {
            private readonly List<long[]> _kept = new List<long[]>();

            public override void Configure(SignalSetup setup) => setup.Subscribe("*", "*", EventKinds.Trade);

            public override void OnTrade(in Trade trade, SignalContext context) => _kept.Add(new long[128 * 1024]);
        }
        """;

    /// <summary>Throws on every trade: the worker's own evaluator quarantines it, no crash.</summary>
    public const string ThrowerSource = """
        public sealed class Thrower : Signal
        {
            public override void Configure(SignalSetup setup) => setup.Subscribe("*", "*", EventKinds.Trade);

            public override void OnTrade(in Trade trade, SignalContext context) => throw new InvalidOperationException("boom");
        }
        """;

    private static readonly SignalCompiler Compiler = new();

    public static WorkerSignal Compile(string name, string source, string commit = "c1")
    {
        var compiled = Compiler.Compile($"signals/{name}.cs", source);
        Assert.True(compiled.Success, string.Join("\n", compiled.Diagnostics));
        return new WorkerSignal(new SignalIdentity(name, commit, compiled.SourceHash), compiled);
    }

    public static WorkerSignal Example(string name) => Compile(name, File.ReadAllText(Path.Combine(RepoPaths.Signals, name + ".cs")));

    /// <summary>Trades on a few symbols over some minutes of event time.</summary>
    public static FeedWriter Trades(int count, string feed = "coinbase", int seed = 1)
    {
        var writer = new FeedWriter(feed);
        var random = new Random(seed);
        string[] symbols = ["BTC-USD", "ETH-USD", "SOL-USD"];
        for (var i = 0; i < count; i++) writer.Trade(symbols[random.Next(symbols.Length)], i * 37.5, 100 + random.Next(20), 1 + random.Next(5));
        return writer;
    }

    public static WorkerOptions Options(int batchEvents = 256) => new()
    {
        BatchEvents = batchEvents,
        WarmupEvents = long.MaxValue,
        ReplyTimeout = TimeSpan.FromSeconds(60),
    };

    /// <summary>Options that arm a trusted crash inside <paramref name="signal"/>'s call after <paramref name="calls"/> calls.</summary>
    public static WorkerOptions Crashing(string signal, string kind, int calls) => Options() with
    {
        ExtraArguments = ["--test-crash", $"{signal}:{kind}:{calls}"],
        Environment = new Dictionary<string, string> { [WorkerServer.TestHooksVariable] = "1" },
    };

    /// <summary>The fires of an in-process run of <paramref name="signals"/> over <paramref name="journals"/>.</summary>
    public static List<SignalFire> InProcess(IEnumerable<WorkerSignal> signals, params IJournal[] journals)
    {
        var sink = new CollectingSink();
        using var evaluator = new SignalEvaluator(sink);
        foreach (var signal in signals)
        {
            var loaded = LoadedSignal.Load(signal.Compiled, signal.Identity);
            var result = evaluator.Load(loaded.Definition(signal.Parameters));
            Assert.True(result.Loaded, result.Error);
        }
        new ReplayEngine(evaluator).Run([.. journals.Select(j => new ReplaySource(j))]);
        return sink.Fires;
    }

    /// <summary>Replays through a worker host off the test thread, bounded in time so a hang fails the test.</summary>
    public static async Task<ReplayResult> ReplayAsync(WorkerSignalHost host, params IJournal[] journals) =>
        await Task.Run(() => new ReplayEngine(host).Run([.. journals.Select(j => new ReplaySource(j))])).WaitAsync(TimeSpan.FromMinutes(2));

    /// <summary>Each fire as its event time and encoded payload, concatenated: the byte-for-byte comparison.</summary>
    public static byte[] Encode(IEnumerable<SignalFire> fires)
    {
        var bytes = new List<byte>();
        foreach (var fire in fires)
        {
            var buffer = new byte[fire.PayloadSize];
            fire.WritePayload(buffer);
            bytes.AddRange(BitConverter.GetBytes(fire.TsEvent));
            bytes.AddRange(BitConverter.GetBytes(fire.TsRecv));
            bytes.AddRange(BitConverter.GetBytes(fire.InstrumentId));
            bytes.AddRange(buffer);
        }
        return [.. bytes];
    }

    public static byte[] Encode(IEnumerable<SignalFire> fires, string signal) => Encode(fires.Where(f => f.Signal == signal));
}
