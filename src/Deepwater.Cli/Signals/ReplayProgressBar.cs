using Signals.Library;
using Signals.Runtime.Replay;
using Spectre.Console;

namespace Deepwater.Cli.Signals;

/// <summary>
/// Runs a replay on a worker thread and, when it is still going after a second and stderr is a
/// terminal, draws a progress bar (by event time through the range) on stderr. Never draws on a
/// redirected stream: logs and pipes get no control codes.
/// </summary>
internal static class ReplayProgressBar
{
    private static readonly TimeSpan ShowAfter = TimeSpan.FromSeconds(1);

    public static bool Enabled(TextWriter error) =>
        !Console.IsErrorRedirected && ReferenceEquals(error, Console.Error) && Environment.GetEnvironmentVariable("TERM") is not (null or "dumb");

    /// <summary>Runs <paramref name="replay"/>, which reports progress through the callback it is given.</summary>
    public static T Run<T>(TextWriter error, string label, long from, long to, Func<Action<ReplayProgress>, T> replay)
    {
        ReplayProgress latest = default;
        var gate = new object();
        void Report(ReplayProgress p)
        {
            lock (gate) latest = p;
        }
        var work = Task.Factory.StartNew(() => replay(Report), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        if (!Enabled(error) || work.Wait(ShowAfter)) return work.GetAwaiter().GetResult();

        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
        console.Progress()
            .AutoClear(true)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
            .Start(context =>
            {
                var bar = context.AddTask(label, maxValue: Math.Max(1, to - from));
                while (!work.Wait(TimeSpan.FromMilliseconds(100)))
                {
                    ReplayProgress p;
                    lock (gate) p = latest;
                    if (p.Events == 0) continue;
                    bar.Value = Math.Clamp(p.TsRecv - from, 0, to - from);
                    bar.Description = $"{label} {UnixNanos.Format(p.TsRecv)[..19]} events={p.Events:N0} fires={p.Fires:N0}";
                }
                bar.Value = bar.MaxValue;
            });
        return work.GetAwaiter().GetResult();
    }
}
