using System.Globalization;
using Deepwater.Cli.Signals;
using Market.Core.Hosting;

namespace Deepwater.Cli.Commands;

/// <summary>
/// Draws feed status for <c>run</c> and <c>core</c>: a table redrawn in place on a terminal, else
/// one log line per feed per refresh.
/// </summary>
internal sealed class StatusView(TextWriter output, bool terminal)
{
    private const string Header = "feed          state        events/s       events   lag p50   lag p99   gaps  reconn   dead    journal    published     last_seq";
    private int _drawn;

    public static bool IsTerminal(TextWriter output) =>
        !Console.IsOutputRedirected && ReferenceEquals(output, Console.Out) && Environment.GetEnvironmentVariable("TERM") is not (null or "dumb");

    public void Show(FeedStatus status, SignalsFigures? signals = null) => Show([status], signals);

    /// <summary>Draws the feeds, and the signal runtime's figures when it runs.</summary>
    public void Show(IReadOnlyList<FeedStatus> feeds, SignalsFigures? signals = null)
    {
        if (!terminal)
        {
            foreach (var s in feeds)
            {
                output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"deepwater: status feed={s.Feed} state={s.State} events_per_s={s.EventsPerSecond:F0} events={s.Events} lag_p50_us={s.LagP50Nanos / 1_000} lag_p99_us={s.LagP99Nanos / 1_000} gaps={s.Gaps} reconnects={s.Reconnects} dead_letters={s.DeadLetters} journal_bytes={s.JournalBytes} published={s.Published} last_seq={s.LastSequence}{(s.Stale ? " stale" : "")}{(s.Error is null ? "" : $" error=\"{s.Error}\"")}"));
            }
            if (signals is not null) output.WriteLine($"deepwater: status signals {signals}");
            return;
        }
        // Up over the last drawing and clear each line: the table stays where it is instead of scrolling.
        if (_drawn > 0) output.Write($"\u001b[{_drawn}A");
        output.Write("\u001b[2K");
        output.WriteLine(Header);
        foreach (var s in feeds)
        {
            output.Write("\u001b[2K");
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{s.Feed,-13} {s.State,-10} {s.EventsPerSecond,11:N0} {s.Events,12:N0} {s.LagP50Nanos / 1e6,7:F2}ms {s.LagP99Nanos / 1e6,7:F2}ms {s.Gaps,6} {s.Reconnects,7} {s.DeadLetters,6} {s.JournalBytes / 1048576.0,8:F1}MB {s.Published,12:N0} {s.LastSequence,12}{(s.Error is null ? "" : " " + s.Error)}"));
        }
        if (signals is not null)
        {
            output.Write("\u001b[2K");
            output.WriteLine($"signals       {signals}");
        }
        output.Flush();
        _drawn = feeds.Count + 1 + (signals is null ? 0 : 1);
    }
}
