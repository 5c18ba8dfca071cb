using System.CommandLine;
using Deepwater.Cli.Output;
using Market.Core.Journal;
using Market.Core.Time;
using Signals.Library;

namespace Deepwater.Cli.Commands;

/// <summary><c>deepwater read feed[.kind] [--symbol S] [--last 5s | --last-n N | --from T --to T] [--format table|jsonl]</c>.</summary>
internal static class ReadCommand
{
    public static readonly Option<string?> Symbol = new("--symbol") { Description = "Only this symbol" };
    public static readonly Option<EventFormat> Format = new("--format") { Description = "table or jsonl", DefaultValueFactory = _ => EventFormat.Table };

    public static Command Build()
    {
        var target = new Argument<string>("feed[.kind]") { Description = "Feed, optionally with a kind: trade, book_delta, snapshot, quote, status, gap" };
        var last = new Option<string?>("--last") { Description = "The final stretch of the journal, e.g. 5s or 15m (ending at its last record)" };
        var lastN = new Option<long?>("--last-n") { Description = "The last N matching events" };
        var from = new Option<string?>("--from") { Description = "Start of a receive-time range (inclusive): ISO-8601 or relative (now-1h, 15m)" };
        var to = new Option<string?>("--to") { Description = "End of the range (exclusive); default: the end of the journal" };
        var command = new Command("read", "Print decoded events, prices as exact decimals") { target, Symbol, last, lastN, from, to, Format };
        command.SetAction(parse =>
        {
            var (feed, kind) = SplitTarget(parse.GetValue(target)!);
            var ranges = new[] { parse.GetValue(last) is not null, parse.GetValue(lastN) is not null, parse.GetValue(from) is not null || parse.GetValue(to) is not null };
            if (ranges.Count(x => x) > 1) throw new UserError("use one of --last, --last-n, or --from/--to");
            using var journal = DeepwaterCommand.OpenExisting(parse, feed);
            var instrument = ResolveSymbol(journal, parse.GetValue(Symbol));
            bool Matches(in JournalRecord r) => (kind is null || r.Kind == kind) && (instrument is null || r.InstrumentId == instrument);

            using var reader = journal.OpenReader();
            var output = parse.InvocationConfiguration.Output;
            var format = parse.GetValue(Format);
            var end = long.MaxValue;
            var now = UnixNanos.FromDateTimeOffset(DateTimeOffset.UtcNow);
            if (parse.GetValue(last) is { } duration)
            {
                if (!TimeExpression.TryParseDuration(duration, out var span, out var error)) throw new UserError($"--last: {error}");
                reader.SeekToLastDuration(span);
            }
            else if (parse.GetValue(lastN) is { } n)
            {
                if (n <= 0) throw new UserError($"--last-n must be positive (got {n})");
                reader.SeekToLast(n, kind is null && instrument is null ? null : Matches);
            }
            else
            {
                if (parse.GetValue(from) is { } f) reader.SeekToTime(JournalCommand.Instant(f, now, "--from"));
                if (parse.GetValue(to) is { } t) end = JournalCommand.Instant(t, now, "--to");
            }
            if (format == EventFormat.Table) output.WriteLine(EventText.TableHeader);
            while (reader.TryRead(out var record) && record.TsRecv < end)
            {
                if (Matches(record)) output.WriteLine(EventText.Format(record, journal.Symbols, format));
            }
            return 0;
        });
        return command;
    }

    /// <summary>Splits <c>feed.kind</c>; a feed name never contains a dot.</summary>
    public static (string Feed, EventKind? Kind) SplitTarget(string text)
    {
        var dot = text.IndexOf('.', StringComparison.Ordinal);
        if (dot < 0) return (text, null);
        var name = text[(dot + 1)..];
        return EventText.KindNames.TryGetValue(name, out var kind)
            ? (text[..dot], kind)
            : throw new UserError($"unknown event kind '{name}' (use one of: trade, book_delta, snapshot, quote, status, gap)");
    }

    public static uint? ResolveSymbol(IJournal journal, string? symbol)
    {
        if (symbol is null) return null;
        if (journal.Symbols.TryGetId(symbol, out var id)) return id;
        var known = journal.Symbols.All().Select(p => p.Value).Take(10).ToList();
        throw new UserError($"feed '{journal.Feed}' has no symbol '{symbol}'" + (known.Count > 0 ? $" (it has: {string.Join(", ", known)})" : " (it has none yet)"));
    }
}
