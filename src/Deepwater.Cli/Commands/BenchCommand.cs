using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Deepwater.Cli.Bench;

namespace Deepwater.Cli.Commands;

/// <summary>
/// <c>deepwater bench journal [--events N] [--json]</c>, <c>deepwater bench book [--deltas N] [--json]</c>
/// <c>deepwater bench pipeline [--events N] [--subscribers K] [--json]</c>,
/// <c>deepwater bench reload [--rounds N] [--json]</c>, <c>deepwater bench signals [--events N] [--json]</c>,
/// <c>deepwater bench mcp [--events N] [--clients K] [--seconds S] [--json]</c> and
/// <c>deepwater bench bus [--messages N] [--publishers P] [--url U] [--json]</c>.
/// </summary>
internal static class BenchCommand
{
    public static Command Build()
    {
        var events = new Option<long>("--events") { Description = "Records to append (64 bytes each)", DefaultValueFactory = _ => 10_000_000 };
        var seeks = new Option<int>("--seeks") { Description = "Random time seeks to time", DefaultValueFactory = _ => 20_000 };
        var tail = new Option<int>("--tail-samples") { Description = "Tail wake-up samples", DefaultValueFactory = _ => 20_000 };
        var json = new Option<bool>("--json") { Description = "Print one JSON object with the figures" };
        var journal = new Command("journal", "Append, read, seek, tail and crash-recovery figures for the mmap journal") { events, seeks, tail, json };
        journal.SetAction(parse =>
        {
            var count = parse.GetValue(events);
            if (count < 10_000) throw new UserError($"--events must be at least 10000 (got {count})");
            var asJson = parse.GetValue(json);
            var output = parse.InvocationConfiguration.Output;
            var figures = JournalBench.Run(
                new JournalBenchOptions(parse.GetValue(DeepwaterCommand.Data)!, count, Math.Max(1, parse.GetValue(seeks)), Math.Max(1, parse.GetValue(tail))),
                asJson ? TextWriter.Null : parse.InvocationConfiguration.Error);
            if (asJson)
            {
                output.WriteLine(JsonSerializer.Serialize(figures.ToDictionary(f => f.Key, f => f.Value)));
            }
            else
            {
                foreach (var (name, value) in figures) output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{name,-30} {value,16:N3}"));
            }
            return 0;
        });
        var bench = new Command("bench", "Benchmarks (figures for this machine, in one run)");
        bench.Subcommands.Add(journal);
        bench.Subcommands.Add(BuildBook());
        bench.Subcommands.Add(BuildPipeline());
        bench.Subcommands.Add(BuildReload());
        bench.Subcommands.Add(BuildSignals());
        bench.Subcommands.Add(BuildMcp());
        bench.Subcommands.Add(BuildBus());
        return bench;
    }

    private static Command BuildBook()
    {
        var deltas = new Option<long>("--deltas") { Description = "Book deltas to journal before timing BookAt", DefaultValueFactory = _ => 10_000_000 };
        var json = new Option<bool>("--json") { Description = "Print one JSON object with the figures" };
        var book = new Command("book", "BookAt latency on a journal of book deltas with checkpoints") { deltas, json };
        book.SetAction(parse =>
        {
            var count = parse.GetValue(deltas);
            if (count < 10_000) throw new UserError($"--deltas must be at least 10000 (got {count})");
            var asJson = parse.GetValue(json);
            var figures = BookBench.Run(new BookBenchOptions(parse.GetValue(DeepwaterCommand.Data)!, count),
                asJson ? TextWriter.Null : parse.InvocationConfiguration.Error);
            Print(figures, asJson, parse.InvocationConfiguration.Output);
            return 0;
        });
        return book;
    }

    private static Command BuildPipeline()
    {
        var events = new Option<long>("--events") { Description = "Events the sim venue produces, flat out", DefaultValueFactory = _ => 10_000_000 };
        var subscribers = new Option<int>("--subscribers") { Description = "Subscribers on dev.sim.> (block when full: nothing dropped)", DefaultValueFactory = _ => 1 };
        var json = new Option<bool>("--json") { Description = "Print one JSON object with the figures" };
        var pipeline = new Command("pipeline", "End-to-end throughput: sim venue -> journal -> bus -> subscribers") { events, subscribers, json };
        pipeline.SetAction(parse =>
        {
            var count = parse.GetValue(events);
            if (count < 10_000) throw new UserError($"--events must be at least 10000 (got {count})");
            var k = parse.GetValue(subscribers);
            if (k is < 1 or > 64) throw new UserError($"--subscribers must be 1..64 (got {k})");
            var asJson = parse.GetValue(json);
            var figures = PipelineBench.Run(new PipelineBenchOptions(parse.GetValue(DeepwaterCommand.Data)!, count, k),
                asJson ? TextWriter.Null : parse.InvocationConfiguration.Error);
            Print(figures, asJson, parse.InvocationConfiguration.Output);
            return 0;
        });
        return pipeline;
    }

    private static Command BuildReload()
    {
        var rounds = new Option<int>("--rounds") { Description = "Commits to time", DefaultValueFactory = _ => 20 };
        var json = new Option<bool>("--json") { Description = "Print one JSON object with the figures" };
        var reload = new Command("reload", "Commit -> first event on the new signal version, through git, compile, warm-up and swap") { rounds, json };
        reload.SetAction(parse =>
        {
            var n = parse.GetValue(rounds);
            if (n is < 1 or > 1000) throw new UserError($"--rounds must be 1..1000 (got {n})");
            var asJson = parse.GetValue(json);
            var figures = ReloadBench.Run(n, asJson ? TextWriter.Null : parse.InvocationConfiguration.Error);
            Print(figures, asJson, parse.InvocationConfiguration.Output);
            return 0;
        });
        return reload;
    }

    private static Command BuildSignals()
    {
        var events = new Option<long>("--events") { Description = "Synthetic book and trade events to replay", DefaultValueFactory = _ => 5_000_000 };
        var rounds = new Option<int>("--rounds") { Description = "Timed replay rounds of each kind (median reported)", DefaultValueFactory = _ => 3 };
        var loads = new Option<int>("--loads") { Description = "Times each signal set is compiled and loaded as distinct assemblies (code placement moves throughput; figures average over loads)", DefaultValueFactory = _ => 3 };
        var json = new Option<bool>("--json") { Description = "Print one JSON object with the figures and the workload" };
        var signals = new Command("signals", "Signal runtime: replay throughput of 10 compiled signals, fuel metering overhead, warm compile time") { events, rounds, loads, json };
        signals.SetAction(parse =>
        {
            var count = parse.GetValue(events);
            if (count < 10_000) throw new UserError($"--events must be at least 10000 (got {count})");
            var r = parse.GetValue(rounds);
            if (r is < 1 or > 50) throw new UserError($"--rounds must be 1..50 (got {r})");
            var l = parse.GetValue(loads);
            if (l is < 1 or > 10) throw new UserError($"--loads must be 1..10 (got {l})");
            var asJson = parse.GetValue(json);
            var output = parse.InvocationConfiguration.Output;
            var (figures, workload) = SignalsBench.Run(new SignalsBenchOptions(count, r, l), asJson ? TextWriter.Null : parse.InvocationConfiguration.Error);
            if (asJson)
            {
                var document = figures.ToDictionary(f => f.Key, f => (object)f.Value);
                document["workload"] = workload;
                output.WriteLine(JsonSerializer.Serialize(document));
                return 0;
            }
            output.WriteLine($"workload: {workload}");
            Print(figures, asJson: false, output);
            return 0;
        });
        return signals;
    }

    private static Command BuildMcp()
    {
        var events = new Option<long>("--events") { Description = "Events in the journal served (book deltas, 1 in 10 a trade)", DefaultValueFactory = _ => 10_000_000 };
        var clients = new Option<int>("--clients") { Description = "Concurrent HTTP clients in the load phase", DefaultValueFactory = _ => 50 };
        var seconds = new Option<int>("--seconds") { Description = "Length of the load phase", DefaultValueFactory = _ => 60 };
        var json = new Option<bool>("--json") { Description = "Print one JSON object with the figures" };
        var mcp = new Command("mcp", "MCP server over streamable HTTP: get_trades and get_orderbook latency, then K concurrent clients for S seconds")
        {
            events, clients, seconds, json,
        };
        mcp.SetAction(async (parse, cancellation) =>
        {
            var count = parse.GetValue(events);
            if (count < 10_000) throw new UserError($"--events must be at least 10000 (got {count})");
            var k = parse.GetValue(clients);
            // Each client holds a session; the server keeps at most McpHttpSessions.MaxSessions.
            if (k is < 1 or > 200) throw new UserError($"--clients must be 1..200 (got {k})");
            var s = parse.GetValue(seconds);
            if (s is < 1 or > 3600) throw new UserError($"--seconds must be 1..3600 (got {s})");
            var asJson = parse.GetValue(json);
            var figures = await McpBench.RunAsync(new McpBenchOptions(parse.GetValue(DeepwaterCommand.Data)!, count, k, s),
                asJson ? TextWriter.Null : parse.InvocationConfiguration.Error, cancellation).ConfigureAwait(false);
            Print(figures, asJson, parse.InvocationConfiguration.Output);
            return 0;
        });
        return mcp;
    }

    private static Command BuildBus()
    {
        var messages = new Option<long>("--messages") { Description = "64-byte messages to publish", DefaultValueFactory = _ => 10_000_000 };
        var publishers = new Option<int>("--publishers") { Description = "Concurrent publishing tasks on one connection", DefaultValueFactory = _ => 1 };
        var url = new Option<string?>("--url") { Description = "nats-server to use; default: start one from PATH for the run" };
        var latencySeconds = new Option<int>("--latency-seconds") { Description = "Seconds of end-to-end latency measured at 100,000 records/s, after a warm-up of at least 2 s that lasts through the journal's first chunk rotation and until the JIT has settled (at most 20 s)", DefaultValueFactory = _ => 10 };
        var json = new Option<bool>("--json") { Description = "Print one JSON object with the figures" };
        var bus = new Command("bus", "NATS client publish throughput (64-byte payloads) against nats-server") { messages, publishers, url, latencySeconds, json };
        bus.SetAction(parse =>
        {
            var count = parse.GetValue(messages);
            if (count < 10_000) throw new UserError($"--messages must be at least 10000 (got {count})");
            var p = parse.GetValue(publishers);
            if (p is < 1 or > 64) throw new UserError($"--publishers must be 1..64 (got {p})");
            var seconds = parse.GetValue(latencySeconds);
            if (seconds is < 1 or > 3600) throw new UserError($"--latency-seconds must be 1..3600 (got {seconds})");
            var asJson = parse.GetValue(json);
            var figures = BusBench.Run(parse.GetValue(url), count, p, TimeSpan.FromSeconds(seconds), asJson ? TextWriter.Null : parse.InvocationConfiguration.Error);
            Print(figures, asJson, parse.InvocationConfiguration.Output);
            return 0;
        });
        return bus;
    }

    private static void Print(IReadOnlyList<KeyValuePair<string, double>> figures, bool asJson, TextWriter output)
    {
        if (asJson)
        {
            output.WriteLine(JsonSerializer.Serialize(figures.ToDictionary(f => f.Key, f => f.Value)));
            return;
        }
        foreach (var (name, value) in figures) output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{name,-30} {value,16:N3}"));
    }
}
