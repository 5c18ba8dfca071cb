using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Market.Core.Journal;
using Market.Core.Synthetic;
using Market.Core.Time;
using Signals.Library;

namespace Deepwater.Cli.Commands;

/// <summary>
/// <c>deepwater run</c>: the main job on embedded defaults. Today it records the simulated market
/// into the local journal in real time; connectors, bus and MCP join it as they land.
/// </summary>
internal static class RunCommand
{
    public static Command Build()
    {
        var feed = new Option<string>("--feed") { Description = "Feed name for the simulated market", DefaultValueFactory = _ => "sim" };
        var rate = new Option<int>("--rate") { Description = "Simulated events per second", DefaultValueFactory = _ => 10_000 };
        var duration = new Option<string?>("--duration") { Description = "Stop after this long (e.g. 30s); default: until Ctrl-C" };
        var command = new Command("run", "Run Deepwater in one process on embedded defaults (today: record the simulated market)") { feed, rate, duration };
        command.SetAction(async (parse, cancellation) =>
        {
            var perSecond = parse.GetValue(rate);
            if (perSecond is < 1 or > 1_000_000) throw new UserError($"--rate must be 1..1000000 (got {perSecond})");
            long? stopAfter = null;
            if (parse.GetValue(duration) is { } text)
            {
                stopAfter = TimeExpression.TryParseDuration(text, out var nanos, out var error) ? nanos : throw new UserError($"--duration: {error}");
            }
            var name = parse.GetValue(feed)!;
            using var journal = MmapJournal.Open(DeepwaterCommand.JournalPath(parse, name), create: true);
            using var writer = journal.OpenWriter();
            var output = parse.InvocationConfiguration.Output;
            output.WriteLine($"deepwater: recording the simulated market into {journal.Directory} at {perSecond} events/s (Ctrl-C to stop)");
            output.WriteLine($"deepwater: watch it with: deepwater read {name} --last 5s");

            var spacing = 1_000_000_000L / perSecond;
            var market = new SyntheticMarket(Environment.ProcessId, SyntheticMarket.DefaultSymbols, UnixNanos.FromDateTimeOffset(DateTimeOffset.UtcNow), spacing);
            market.Intern(writer);
            var started = Stopwatch.GetTimestamp();
            long written = 0;
            using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(10));
            try
            {
                while (await timer.WaitForNextTickAsync(cancellation).ConfigureAwait(false))
                {
                    var elapsed = Stopwatch.GetElapsedTime(started);
                    if (stopAfter is { } limit && elapsed.Ticks * 100 >= limit) break;
                    for (var due = (long)(elapsed.TotalSeconds * perSecond); written < due; written++) market.AppendNext(writer);
                    writer.Commit();
                }
            }
            catch (OperationCanceledException)
            {
                // Ctrl-C: stop cleanly below.
            }
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"deepwater: stopped after {written} events; last_seq={writer.NextSequence - 1}"));
            return 0;
        });
        return command;
    }
}
