using System.CommandLine;
using System.Globalization;
using System.Text;
using Deepwater.Cli.Output;
using Market.Core.Playback;
using Market.Core.Time;
using Signals.Library;

namespace Deepwater.Cli.Commands;

/// <summary><c>deepwater replay feed[.kind] --start T --end T --window 50ms [--max-per-window N] [--clock event|recv]</c>.</summary>
internal static class ReplayCommand
{
    public static Command Build()
    {
        var target = new Argument<string>("feed[.kind]") { Description = "Feed, optionally with a kind: trade, book_delta, snapshot, quote, status, gap" };
        var start = new Option<string>("--start") { Description = "Start of the receive-time range (inclusive)", Required = true };
        var end = new Option<string>("--end") { Description = "End of the range (exclusive)", Required = true };
        var window = new Option<string>("--window") { Description = "Window width, e.g. 50ms", DefaultValueFactory = _ => "50ms" };
        var cap = new Option<int?>("--max-per-window") { Description = "At most N events per window; the rest carry into the next window (never dropped)" };
        var clock = new Option<string>("--clock") { Description = "event (exchange time) or recv (receive time) cuts the windows", DefaultValueFactory = _ => "event" };
        clock.AcceptOnlyFromAmong("event", "recv");
        var command = new Command("replay", "Play a time range back in windows; out-of-order timestamps are counted and reported, never reordered")
        {
            target, start, end, window, cap, clock, ReadCommand.Symbol, ReadCommand.Format,
        };
        command.SetAction(parse =>
        {
            var (feed, kind) = ReadCommand.SplitTarget(parse.GetValue(target)!);
            var now = UnixNanos.FromDateTimeOffset(DateTimeOffset.UtcNow);
            var from = JournalCommand.Instant(parse.GetValue(start)!, now, "--start");
            var to = JournalCommand.Instant(parse.GetValue(end)!, now, "--end");
            if (to <= from) throw new UserError("--end must be after --start");
            if (!TimeExpression.TryParseDuration(parse.GetValue(window), out var width, out var error) || width <= 0)
            {
                throw new UserError($"--window: {(width <= 0 && error.Length == 0 ? "must be positive" : error)}");
            }
            var max = parse.GetValue(cap) ?? int.MaxValue;
            if (max < 1) throw new UserError($"--max-per-window must be at least 1 (got {max})");

            using var journal = DeepwaterCommand.OpenExisting(parse, feed);
            var instrument = ReadCommand.ResolveSymbol(journal, parse.GetValue(ReadCommand.Symbol));
            var options = new PlaybackOptions(from, to, width, max, parse.GetValue(clock) == "recv" ? PlaybackClock.Receive : PlaybackClock.Event);
            var playback = new JournalPlayback(journal, options,
                kind is null && instrument is null ? null : r => (kind is null || r.Kind == kind) && (instrument is null || r.InstrumentId == instrument));
            var format = parse.GetValue(ReadCommand.Format);
            var output = parse.InvocationConfiguration.Output;
            foreach (var w in playback.Windows())
            {
                if (format == EventFormat.Table)
                {
                    output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"window {UnixNanos.Format(w.Start)} .. {UnixNanos.Format(w.End)}  events={w.Events.Count} carried_in={w.CarriedIn}"));
                    foreach (var e in w.Events) output.WriteLine("  " + EventText.Format(e, journal.Symbols, format));
                }
                else
                {
                    var line = new StringBuilder(string.Create(CultureInfo.InvariantCulture,
                        $"{{\"start\":\"{UnixNanos.Format(w.Start)}\",\"end\":\"{UnixNanos.Format(w.End)}\",\"carried_in\":{w.CarriedIn},\"events\":["));
                    line.AppendJoin(',', w.Events.Select(e => EventText.Format(e, journal.Symbols, format)));
                    output.WriteLine(line.Append("]}").ToString());
                }
            }
            var report = playback.Report;
            var errors = parse.InvocationConfiguration.Error;
            errors.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"replay: events={report.Events} windows={report.Windows} empty_windows_skipped={report.EmptyWindowsSkipped} carried={report.Carried} out_of_order={report.OutOfOrder}"));
            foreach (var o in report.FirstOffenders)
            {
                errors.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"replay: out of order: seq={o.Sequence} time={UnixNanos.Format(o.Timestamp)} after={UnixNanos.Format(o.PreviousMax)}"));
            }
            return 0;
        });
        return command;
    }
}
