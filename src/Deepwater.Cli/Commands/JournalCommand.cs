using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Market.Core.Journal;
using Market.Core.Synthetic;
using Market.Core.Time;
using Signals.Library;

namespace Deepwater.Cli.Commands;

/// <summary><c>deepwater journal generate | inspect | verify</c>.</summary>
internal static class JournalCommand
{
    private static readonly Argument<string> Feed = new("feed") { Description = "Feed name (the journal's folder under {data}/{env})" };

    public static Command Build()
    {
        var command = new Command("journal", "Create, inspect and verify journals");
        command.Subcommands.Add(Generate());
        command.Subcommands.Add(Inspect());
        command.Subcommands.Add(Verify());
        command.Subcommands.Add(Retain());
        return command;
    }

    private static Command Generate()
    {
        var events = new Option<long>("--events") { Description = "How many events to append", Required = true };
        var rate = new Option<double?>("--rate") { Description = "Events per second, paced in real time like a live feed (timestamps 1/R apart)" };
        var spacing = new Option<string?>("--spacing") { Description = "Receive-time spacing of the events, written as fast as possible (default 1ms)" };
        var seed = new Option<int>("--seed") { Description = "Random seed; the same seed and start give the same events", DefaultValueFactory = _ => 1 };
        var start = new Option<string?>("--start") { Description = "Receive time of the first event (ISO-8601 or relative, e.g. now-1h); default: so the last event lands now" };
        var symbols = new Option<string>("--symbols") { Description = "Comma-separated symbols", DefaultValueFactory = _ => string.Join(',', SyntheticMarket.DefaultSymbols) };
        var chunkSize = new Option<long?>("--chunk-size") { Description = "Bytes per new chunk file (a multiple of the page size, 64 KiB..2 GiB); default 64 MiB" };
        var command = new Command("generate", "Append deterministic synthetic book deltas, quotes and trades (for tests, benchmarks and crash drills)")
        {
            Feed, events, rate, spacing, seed, start, symbols, chunkSize,
        };
        command.SetAction(parse =>
        {
            var count = parse.GetValue(events);
            if (count <= 0) throw new UserError($"--events must be positive (got {count})");
            var perSecond = parse.GetValue(rate);
            if (perSecond is <= 0 or > 1e9) throw new UserError($"--rate must be between 0 and 1e9 events/s (got {perSecond})");
            if (perSecond is not null && parse.GetValue(spacing) is not null) throw new UserError("use --rate (paced) or --spacing (as fast as possible), not both");
            var gap = perSecond is { } r ? (long)(1e9 / r) : 1_000_000;
            if (parse.GetValue(spacing) is { } spacingText && (!TimeExpression.TryParseDuration(spacingText, out gap, out var spacingError) || gap <= 0))
            {
                throw new UserError($"--spacing: {(spacingError.Length > 0 ? spacingError : "must be positive")}");
            }
            var now = UnixNanos.FromDateTimeOffset(DateTimeOffset.UtcNow);
            var first = parse.GetValue(start) is { } text ? Instant(text, now, "--start") : now - count * gap;
            var names = parse.GetValue(symbols)!.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            if (names.Length == 0) throw new UserError("--symbols needs at least one symbol");

            var options = parse.GetValue(chunkSize) is { } size ? new JournalOptions { ChunkSize = size } : new JournalOptions();
            try { options.Validate(); }
            catch (ArgumentException e) { throw new UserError($"--chunk-size: {e.Message}"); }
            using var journal = MmapJournal.Open(DeepwaterCommand.JournalPath(parse, parse.GetValue(Feed)!), options, create: true);
            using var writer = journal.OpenWriter();
            var market = new SyntheticMarket(parse.GetValue(seed), names, first, gap);
            market.Intern(writer);
            var firstSequence = writer.NextSequence;
            var byKind = new long[8];
            var started = Stopwatch.GetTimestamp();
            for (long i = 0; i < count; i++)
            {
                byKind[(int)market.AppendNext(writer)]++;
                if ((i & 1023) == 1023)
                {
                    writer.Commit();
                    if (perSecond is { } pace) Pace(started, i + 1, pace);
                }
            }
            writer.Commit();
            parse.InvocationConfiguration.Output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"generated {count} events into {journal.Directory}: first_seq={firstSequence} last_seq={writer.NextSequence - 1} book_deltas={byKind[(int)EventKind.BookDelta]} quotes={byKind[(int)EventKind.Quote]} trades={byKind[(int)EventKind.Trade]}"));
            return 0;
        });
        return command;
    }

    /// <summary>Holds the writer to the requested rate (product pacing, not test synchronisation).</summary>
    private static void Pace(long started, long written, double perSecond)
    {
        var due = TimeSpan.FromSeconds(written / perSecond) - Stopwatch.GetElapsedTime(started);
        if (due > TimeSpan.Zero) Thread.Sleep(due);
    }

    private static Command Inspect()
    {
        var command = new Command("inspect", "One row per chunk: file, sequences, times, records, bytes, sealed, status") { Feed };
        command.SetAction(parse =>
        {
            using var journal = DeepwaterCommand.OpenExisting(parse, parse.GetValue(Feed)!);
            var output = parse.InvocationConfiguration.Output;
            output.WriteLine($"{"file",-26} {"first_seq",12} {"last_seq",12} {"first_time",-30} {"last_time",-30} {"records",10} {"bytes",12} {"sealed",-6} status");
            foreach (var row in JournalInspector.Inspect(journal.Directory))
            {
                output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{row.File,-26} {row.FirstSequence,12} {row.LastSequence,12} {Time(row.FirstTsRecv, row.Records),-30} {Time(row.LastTsRecv, row.Records),-30} {row.Records,10} {row.Bytes,12} {(row.Sealed ? "yes" : "no"),-6} {row.Status}"));
            }
            return 0;
        });
        return command;
    }

    private static string Time(long nanos, long records) => records == 0 ? "-" : UnixNanos.Format(nanos);

    private static Command Verify()
    {
        var command = new Command("verify", "Walk every record (CRC, sequence continuity, seals, indexes); exit 0 only if consistent") { Feed };
        command.SetAction(parse =>
        {
            var path = DeepwaterCommand.JournalPath(parse, parse.GetValue(Feed)!);
            var report = JournalVerifier.Verify(path);
            var output = parse.InvocationConfiguration.Output;
            foreach (var problem in report.Problems) output.WriteLine(problem);
            output.WriteLine(report.Summary);
            return report.IsConsistent ? 0 : 1;
        });
        return command;
    }

    private static Command Retain()
    {
        var olderThan = new Option<string>("--older-than") { Description = "Remove sealed chunks whose newest record is older than this, e.g. 30d", Required = true };
        var command = new Command("retain", "Remove old sealed chunks now (a running recorder does this itself with a retention setting)") { Feed, olderThan };
        command.SetAction(parse =>
        {
            if (!TimeExpression.TryParseDuration(parse.GetValue(olderThan), out var age, out var error) || age <= 0)
            {
                throw new UserError($"--older-than: {(error.Length > 0 ? error : "must be positive")}");
            }
            using var journal = DeepwaterCommand.OpenExisting(parse, parse.GetValue(Feed)!);
            using var writer = journal.OpenWriter();
            var before = journal.FirstSequence;
            var removed = writer.ApplyRetention(TimeSpan.FromTicks(age / 100), UnixNanos.FromDateTimeOffset(DateTimeOffset.UtcNow));
            parse.InvocationConfiguration.Output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"removed {removed} chunks; first_seq {before} -> {journal.FirstSequence}"));
            return 0;
        });
        return command;
    }

    /// <summary>Parses a time argument or fails with the parser's one-line reason.</summary>
    public static long Instant(string text, long now, string option) =>
        TimeExpression.TryParseInstant(text, now, out var nanos, out var error) ? nanos : throw new UserError($"{option}: {error}");
}
