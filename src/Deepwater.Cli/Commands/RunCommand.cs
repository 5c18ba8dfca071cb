using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Deepwater.Cli.Bus;
using Deepwater.Cli.Mcp;
using Deepwater.Cli.Signals;
using Market.Core.Bus;
using Market.Core.Feeds.Sim;
using Market.Core.Hosting;
using Market.Core.Pipeline;
using Market.Core.Time;
using Mcp.Server;
using Mcp.Server.Status;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;
using Signals.Runtime.Fires;
using Signals.Runtime.Hosting;

namespace Deepwater.Cli.Commands;

/// <summary>
/// <c>deepwater run</c>: everything in one process on embedded defaults: the simulated venue →
/// the journal under <c>{data}/{env}/{feed}</c> → the in-process bus, with a status view refreshed
/// once a second (a table redrawn in place on a terminal, one log line per second otherwise),
/// and the signal runtime evaluating the committed signals of <c>--signals</c> live (off, with a
/// line saying how to turn it on, when that folder is not in a git repository), and the MCP server
/// on streamable HTTP (127.0.0.1:8765 unless told otherwise) whose <c>system_status</c> shows the
/// live feed and the runtime. Ctrl-C (or <c>--duration</c>) stops it all cleanly with the journal committed.
/// </summary>
internal static class RunCommand
{
    public static Command Build()
    {
        var feed = new Option<string>("--feed") { Description = "The simulated feed's name (its journal folder and subject token)", DefaultValueFactory = _ => "sim" };
        var rate = new Option<long>("--rate") { Description = "Simulated events per second; 0 runs as fast as the machine allows", DefaultValueFactory = _ => 10_000 };
        var duration = new Option<string?>("--duration") { Description = "Stop after this long (e.g. 30s); default: until Ctrl-C" };
        var seed = new Option<int>("--seed") { Description = "Seed of the simulated venue", DefaultValueFactory = _ => 1 };
        var init = new Option<bool>("--init") { Description = "Create the signals folder and a git repository when there is none" };
        var mcp = new RunMcpOptions();
        var bus = new BusCli();
        var command = new Command("run", "Run Deepwater in one process on embedded defaults: sim feed → journal → in-process bus → signal runtime, served over MCP")
        {
            feed, rate, duration, seed, SignalsCommand.Directory, init,
        };
        foreach (var option in mcp.All) command.Options.Add(option);
        bus.AddTo(command);
        command.SetAction(async (parse, cancellation) =>
        {
            var perSecond = parse.GetValue(rate);
            if (perSecond is < 0 or > 100_000_000) throw new UserError($"--rate must be 0..100000000 (got {perSecond}); 0 is as fast as possible");
            long? stopAfter = null;
            if (parse.GetValue(duration) is { } text)
            {
                stopAfter = TimeExpression.TryParseDuration(text, out var nanos, out var error) ? nanos : throw new UserError($"--duration: {error}");
            }
            var name = parse.GetValue(feed)!;
            _ = DeepwaterCommand.JournalPath(parse, name); // rejects a feed name that is not one path segment
            var mcpPlan = mcp.Plan(parse);
            var options = new EmbeddedPipelineOptions(parse.GetValue(DeepwaterCommand.Data)!, parse.GetValue(DeepwaterCommand.Env)!, name, perSecond,
                Sim: new SimOptions(Seed: parse.GetValue(seed)));
            var output = TextWriter.Synchronized(parse.InvocationConfiguration.Output);
            // Disposed after the pipeline (declared first): the pipeline does not own a bus it is given.
            await using var nats = await bus.ConnectAsync(parse, "deepwater-run", cancellation).ConfigureAwait(false);
            await using var pipeline = new EmbeddedPipeline(options, nats);
            pipeline.Start();
            output.WriteLine($"deepwater: recording the simulated venue ({string.Join(' ', pipeline.Venue!.Symbols)}) into {pipeline.JournalDirectory} " +
                $"at {(perSecond == 0 ? "full speed" : perSecond.ToString("N0", CultureInfo.InvariantCulture) + " events/s")}, publishing on {options.Environment}.{name}.>{(nats is null ? "" : " over NATS")} (Ctrl-C to stop)");
            using var loggers = Loggers();
            var runtimeOptions = RuntimeStart.Options(parse, parse.GetValue(init), fromStart: false);
            var (runtime, off) = await RuntimeStart.TryStartAsync(runtimeOptions, pipeline.Bus, loggers, output, cancellation).ConfigureAwait(false);
            if (off is not null) output.WriteLine(RuntimeStart.Off(runtimeOptions.SignalsDirectory, off));
            var live = new LiveFeedStatus(pipeline);
            RunMcp? server = null;
            try
            {
                if (mcpPlan is not null)
                {
                    var board = new FeedStatusBoard();
                    board.Post(name, live.Read);
                    var mcpOptions = new DeepwaterMcpOptions { DataDirectory = Path.GetFullPath(options.DataDirectory), Environment = options.Environment };
                    server = await RunMcp.StartAsync(mcpPlan, mcpOptions, services =>
                    {
                        // Instances the container does not own: the pipeline and the runtime outlive the server and close themselves.
                        services.AddSingleton(board);
                        services.AddSingleton(pipeline.Bus);
                        if (runtime is not null) services.AddSingleton(runtime);
                    }, output, cancellation).ConfigureAwait(false);
                }
                var view = new StatusView(output, StatusView.IsTerminal(parse.InvocationConfiguration.Output));
                await ShowUntilStoppedAsync(pipeline, live, runtime, view, stopAfter, cancellation).ConfigureAwait(false);
                // Clients first (they read the runtime and the feed), then the runtime, which publishes on the pipeline's bus.
                if (server is not null) await server.DisposeAsync().ConfigureAwait(false);
                server = null;
                var stopped = runtime;
                runtime = null;
                if (stopped is not null) await stopped.DisposeAsync().ConfigureAwait(false);
                await pipeline.StopAsync().ConfigureAwait(false);
                view.Show(live.Refresh(), stopped is null ? null : SignalsFigures.Of(stopped));
            }
            finally
            {
                if (server is not null) await server.DisposeAsync().ConfigureAwait(false);
                if (runtime is not null) await runtime.DisposeAsync().ConfigureAwait(false);
            }
            var final = live.Read();
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"deepwater: stopped after {final.Events} events; last_seq={final.LastSequence}"));
            return 0;
        });
        return command;
    }

    /// <summary>Warnings and errors on stderr (a refused deployment, a failing webhook); fires are in the status figures and the signal journal.</summary>
    private static ILoggerFactory Loggers() => LoggerFactory.Create(b =>
    {
        b.SetMinimumLevel(LogLevel.Warning);
        b.AddFilter(typeof(LogFireAction).FullName, LogLevel.None);
        b.AddSimpleConsole(o => o.SingleLine = true);
        b.Services.Configure<ConsoleLoggerOptions>(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
    });

    private static async Task ShowUntilStoppedAsync(EmbeddedPipeline pipeline, LiveFeedStatus live, SignalRuntimeHost? runtime, StatusView view, long? stopAfterNanos, CancellationToken cancellation)
    {
        var started = Stopwatch.GetTimestamp();
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1));
        Task<bool>? tick = null;
        try
        {
            while (!pipeline.Completion.IsCompleted)
            {
                var left = stopAfterNanos is { } limit ? TimeSpan.FromTicks(limit / 100) - Stopwatch.GetElapsedTime(started) : Timeout.InfiniteTimeSpan;
                if (stopAfterNanos is not null && left <= TimeSpan.Zero) return;
                // A timer allows one pending wait: a deadline that fires a hair early must not start a second.
                if (tick is null || tick.IsCompleted) tick = timer.WaitForNextTickAsync(cancellation).AsTask();
                var deadline = stopAfterNanos is null ? Task.Delay(Timeout.Infinite, cancellation) : Task.Delay(left, cancellation);
                var first = await Task.WhenAny(tick, deadline, pipeline.Completion).ConfigureAwait(false);
                await first.ConfigureAwait(false); // surfaces Ctrl-C and a failed pipeline
                if (first == tick) view.Show(live.Refresh(), runtime is null ? null : SignalsFigures.Of(runtime));
            }
        }
        catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
        {
            // Ctrl-C: the caller stops the pipeline cleanly.
        }
    }

    /// <summary>
    /// The feed's figures as the status view last drew them. <see cref="EmbeddedPipeline.Status"/>
    /// measures events/s since its previous call, so <c>system_status</c> reads this copy (at most a
    /// second old) rather than calling it too and halving the view's window.
    /// </summary>
    private sealed class LiveFeedStatus(EmbeddedPipeline pipeline)
    {
        private FeedStatus _last = pipeline.Status();

        public FeedStatus Read() => Volatile.Read(ref _last);

        public FeedStatus Refresh()
        {
            var status = pipeline.Status();
            Volatile.Write(ref _last, status);
            return status;
        }
    }
}
