using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Deepwater.Cli.Bus;
using Market.Core.Bus;
using Market.Core.Fanout;
using Market.Core.Feeds.Connectors;
using Market.Core.Hosting;
using Market.Core.Time;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Deepwater.Cli.Commands;

/// <summary>
/// <c>deepwater core</c>: the connectors alone, in a Microsoft.Extensions.Hosting host
/// (<see cref="MarketCoreServiceCollectionExtensions.AddMarketCore"/>): one hosted service per
/// feed recording into <c>{data}/{env}/{feed}</c> and publishing on the bus, with a status line per
/// feed every second. Runs until Ctrl-C, <c>--duration</c>, or every feed has ended (captures do).
/// Logs go to stderr. With <c>--bus nats://…</c> the bus is NATS and the core also answers
/// <c>{env}.svc.journal.read</c> (<see cref="JournalReadService"/>) so remote consumers fill their gaps.
/// With <c>--jetstream</c> it first creates or updates the <c>{ENV}_MARKET</c> stream (<see cref="JetStreamCli"/>).
/// </summary>
internal static class CoreCommand
{
    public static Command Build()
    {
        var feeds = new Option<string[]>("--feeds") { Description = "Feed files to run as written (default: the environment's feeds)", AllowMultipleArgumentsPerToken = true };
        var configRoot = new Option<string>("--config-root") { Description = "Folder holding feeds/ and environments/", DefaultValueFactory = _ => "." };
        var duration = new Option<string?>("--duration") { Description = "Stop after this long (e.g. 30s); default: until Ctrl-C" };
        var bus = new BusCli();
        var jetStream = new JetStreamCli();
        var command = new Command("core", "Run the connectors alone: each feed → its journal → the bus, with per-feed status") { feeds, configRoot, duration };
        bus.AddTo(command);
        jetStream.AddTo(command);
        command.SetAction(async (parse, cancellation) =>
        {
            long? stopAfter = null;
            if (parse.GetValue(duration) is { } text)
            {
                stopAfter = TimeExpression.TryParseDuration(text, out var nanos, out var error) && nanos > 0 ? nanos : throw new UserError($"--duration: {(error.Length > 0 ? error : "must be positive")}");
            }
            var streamConfig = jetStream.Config(parse, parse.GetValue(DeepwaterCommand.Env)!, parse.GetValue(bus.Bus) is not null);
            var output = parse.InvocationConfiguration.Output;
            var errors = parse.InvocationConfiguration.Error;
            // Connected before the host so a wrong address fails in a line, not in a feed's start.
            await using var nats = await bus.ConnectAsync(parse, "deepwater-core", cancellation).ConfigureAwait(false);
            // The stream exists before the first publish, so it captures every record from the start.
            if (nats is not null && streamConfig is not null) output.WriteLine(await JetStreamCli.EnsureAsync(nats.Connection, streamConfig, cancellation).ConfigureAwait(false));
            var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = [], ContentRootPath = Directory.GetCurrentDirectory() });
            builder.Logging.ClearProviders();
            builder.Logging.AddSimpleConsole(o => o.SingleLine = true);
            builder.Services.Configure<Microsoft.Extensions.Logging.Console.ConsoleLoggerOptions>(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
            builder.Services.Configure<ConsoleLifetimeOptions>(o => o.SuppressStatusMessages = true);
            // AddMarketCore keeps a bus registered before it; the host does not own (dispose) this one.
            if (nats is not null) builder.Services.AddSingleton<IBus>(nats);
            try
            {
                builder.Services.AddMarketCore(o =>
                {
                    o.DataDirectory = parse.GetValue(DeepwaterCommand.Data)!;
                    o.Environment = parse.GetValue(DeepwaterCommand.Env)!;
                    o.ConfigRoot = parse.GetValue(configRoot)!;
                    foreach (var file in parse.GetValue(feeds) ?? []) o.FeedFiles.Add(file);
                });
            }
            catch (MarketCoreConfigurationException e)
            {
                if (e.Errors.Count == 0) throw new UserError(e.Message);
                foreach (var error in e.Errors) errors.WriteLine(error.ToString());
                return 1;
            }
            using var host = builder.Build();
            var board = host.Services.GetRequiredService<FeedStatusBoard>();
            try
            {
                await host.StartAsync(cancellation).ConfigureAwait(false);
            }
            catch (NotSupportedException e)
            {
                errors.WriteLine($"deepwater: {e.Message}");
                await host.StopAsync(CancellationToken.None).ConfigureAwait(false);
                return 1;
            }
            // Over NATS, consumers in other processes fill their holes from these journals.
            await using var reads = nats is null ? null : new JournalReadService(nats, parse.GetValue(DeepwaterCommand.Env)!, feed =>
                host.Services.GetServices<IHostedService>().OfType<FeedHostedService>().FirstOrDefault(f => f.Feed.Name == feed)?.Journal);
            output.WriteLine($"deepwater: core running {string.Join(", ", board.Feeds)} (Ctrl-C to stop)");
            var view = new StatusView(output, StatusView.IsTerminal(output));
            var lifetime = host.Services.GetRequiredService<IHostApplicationLifetime>();
            await ShowUntilStoppedAsync(board, view, stopAfter, cancellation, lifetime.ApplicationStopping).ConfigureAwait(false);
            await host.StopAsync(CancellationToken.None).ConfigureAwait(false);
            var final = board.Read();
            view.Show(final);
            foreach (var s in final) output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"deepwater: stopped feed={s.Feed} events={s.Events} last_seq={s.LastSequence}"));
            return final.Any(s => s.Error is not null) ? 1 : 0;
        });
        return command;
    }

    private static async Task ShowUntilStoppedAsync(FeedStatusBoard board, StatusView view, long? stopAfterNanos, CancellationToken cancellation, CancellationToken stopping)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellation, stopping);
        var started = Stopwatch.GetTimestamp();
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1));
        try
        {
            while (true)
            {
                // Every feed ended by itself (captures replayed): nothing more will come.
                var feeds = board.Read();
                if (feeds.Count > 0 && feeds.All(s => s.State == FeedState.Stopped)) return;
                var left = stopAfterNanos is { } limit ? TimeSpan.FromTicks(limit / 100) - Stopwatch.GetElapsedTime(started) : Timeout.InfiniteTimeSpan;
                if (stopAfterNanos is not null && left <= TimeSpan.Zero) return;
                var tick = timer.WaitForNextTickAsync(stop.Token).AsTask();
                var deadline = Task.Delay(left, stop.Token);
                var first = await Task.WhenAny(tick, deadline).ConfigureAwait(false);
                await first.ConfigureAwait(false); // surfaces Ctrl-C
                if (first == tick) view.Show(board.Read());
                else return;
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // Ctrl-C or the host stopping (a feed failed): the caller stops the host cleanly.
        }
    }
}
