using System.CommandLine;
using System.Diagnostics;
using Deepwater.Cli.Bus;
using Deepwater.Cli.Signals;
using Market.Core.Time;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;

namespace Deepwater.Cli.Commands;

/// <summary>
/// <c>deepwater runtime [--signals DIR] [--init] [--from-start] [--duration D]</c>: the signal runtime
/// alone, following the feed journals under <c>{data}/{env}</c> that <c>deepwater core</c> (or
/// <c>run</c>) writes in another process, or with <c>--bus nats://…</c> the feeds a core publishes on
/// NATS (holes filled through its <c>{env}.svc.journal.read</c>; no local journal needed). Prints deployments as they happen and a status line per
/// second; logs (fires included) go to stderr. Ctrl-C or <c>--duration</c> stops it cleanly.
/// </summary>
internal static class RuntimeCommand
{
    private static readonly Option<bool> Init = new("--init") { Description = "Create the signals folder and a git repository when there is none" };
    private static readonly Option<bool> FromStart = new("--from-start") { Description = "Read every feed journal from its first record (a backfill) instead of its end" };
    private static readonly BusCli Bus = new();
    private static readonly Option<string?> Duration = new("--duration") { Description = "Stop this long after the first deployment (e.g. 30s); default: until Ctrl-C" };

    public static Command Build()
    {
        var command = new Command("runtime", "Run the signal runtime alone: deploy the committed signals and evaluate them live from the feed journals")
        {
            SignalsCommand.Directory, Init, FromStart, Duration,
        };
        Bus.AddTo(command);
        command.SetAction(RunAsync);
        return command;
    }

    private static async Task<int> RunAsync(ParseResult parse, CancellationToken cancellation)
    {
        long? stopAfter = null;
        if (parse.GetValue(Duration) is { } text)
        {
            stopAfter = TimeExpression.TryParseDuration(text, out var nanos, out var error) && nanos > 0 ? nanos : throw new UserError($"--duration: {(error.Length > 0 ? error : "must be positive")}");
        }
        var output = TextWriter.Synchronized(parse.InvocationConfiguration.Output);
        await using var bus = await Bus.ConnectAsync(parse, "deepwater-runtime", cancellation).ConfigureAwait(false);
        // With a bus the feeds come from it (a core elsewhere), so no local journal is needed.
        var options = RuntimeStart.Options(parse, parse.GetValue(Init), parse.GetValue(FromStart)) with { FeedsFromBus = bus is not null };
        using var loggers = LoggerFactory.Create(b =>
        {
            b.AddSimpleConsole(o => o.SingleLine = true);
            b.Services.Configure<ConsoleLoggerOptions>(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
        });
        output.WriteLine($"deepwater: runtime following {(bus is null ? Path.Combine(options.DataDirectory, options.Environment) : $"{options.Environment}.*.*.* on {string.Join(",", bus.Connection.Options.Servers)}")}{(options.FromStart ? " from the start" : "")} (Ctrl-C to stop)");
        var (runtime, off) = await RuntimeStart.TryStartAsync(options, bus, loggers, output, cancellation).ConfigureAwait(false);
        if (runtime is null) throw new UserError(RuntimeStart.Off(options.SignalsDirectory, off!)["deepwater: ".Length..]);
        await using (runtime.ConfigureAwait(false))
        {
            var started = Stopwatch.GetTimestamp();
            using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1));
            try
            {
                while (true)
                {
                    var left = stopAfter is { } limit ? TimeSpan.FromTicks(limit / 100) - Stopwatch.GetElapsedTime(started) : Timeout.InfiniteTimeSpan;
                    if (stopAfter is not null && left <= TimeSpan.Zero) break;
                    var tick = timer.WaitForNextTickAsync(cancellation).AsTask();
                    var first = await Task.WhenAny(tick, Task.Delay(left, cancellation)).ConfigureAwait(false);
                    await first.ConfigureAwait(false); // surfaces Ctrl-C
                    if (first != tick) break;
                    output.WriteLine($"deepwater: status signals {SignalsFigures.Of(runtime)}");
                }
            }
            catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
            {
                // Ctrl-C: stop cleanly below.
            }
        }
        output.WriteLine($"deepwater: stopped runtime {SignalsFigures.Of(runtime)}");
        return 0;
    }
}
