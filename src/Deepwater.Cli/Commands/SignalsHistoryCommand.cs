using System.CommandLine;
using System.Globalization;
using Deepwater.Cli.Signals;
using Market.Core.Journal;
using Market.Core.Time;
using Signals.Library;
using Signals.Runtime.Deployment;
using Signals.Runtime.Fires;

namespace Deepwater.Cli.Commands;

/// <summary>
/// <c>deepwater signals history &lt;name&gt; [--from T] [--to T] [--limit N] [--format table|jsonl]</c>: the signal's
/// commits as a header, then its fires from the signal journal <c>{data}/{env}/signals</c>.
/// </summary>
internal static class SignalsHistoryCommand
{
    public static Command Build()
    {
        var name = new Argument<string>("name") { Description = "The signal's name" };
        var from = new Option<string?>("--from") { Description = "Start of the event-time range (inclusive): ISO-8601 or relative (now-1h, 15m)" };
        var to = new Option<string?>("--to") { Description = "End of the range (exclusive); default: now and beyond" };
        var limit = new Option<int>("--limit") { Description = "At most this many fires, oldest first", DefaultValueFactory = _ => 100 };
        var format = new Option<string>("--format") { Description = "table or jsonl (fires only, one JSON object per line)", DefaultValueFactory = _ => "table" };
        format.AcceptOnlyFromAmong("table", "jsonl");
        var command = new Command("history", "A signal's commits and the fires it recorded") { name, from, to, limit, format };
        command.SetAction(parse =>
        {
            var signal = parse.GetValue(name)!;
            if (!SignalRepository.IsValidName(signal)) throw new UserError($"name: '{signal}' is not a signal name: letters, digits and underscores, starting with a letter");
            var most = parse.GetValue(limit);
            if (most < 1) throw new UserError($"--limit must be at least 1 (got {most})");
            var now = UnixNanos.FromDateTimeOffset(DateTimeOffset.UtcNow);
            var start = parse.GetValue(from) is { } f ? JournalCommand.Instant(f, now, "--from") : long.MinValue;
            var end = parse.GetValue(to) is { } t ? JournalCommand.Instant(t, now, "--to") : long.MaxValue;
            if (end <= start) throw new UserError("--to must be after --from");
            var json = parse.GetValue(format) == "jsonl";
            var output = parse.InvocationConfiguration.Output;
            var commits = Commits(parse, signal);
            if (!json) WriteCommits(output, signal, commits);

            var path = MmapJournal.PathFor(parse.GetValue(DeepwaterCommand.Data)!, parse.GetValue(DeepwaterCommand.Env)!, SignalJournal.FeedName);
            if (!Directory.Exists(path))
            {
                if (commits is not { Count: > 0 }) throw new UserError($"no signal journal in {Path.GetDirectoryName(path)} (check --data and --env; fires are recorded by 'deepwater run' or 'deepwater runtime')");
                if (!json) output.WriteLine("fires: none (no signal journal yet)");
                return 0;
            }
            using var journal = MmapJournal.Open(path);
            var known = journal.Symbols.TryGetId(signal, out _);
            if (!known && commits is not { Count: > 0 }) throw new UserError($"unknown signal '{signal}': it has no commits and no fires");
            // One past the limit says whether there were more.
            var fires = SignalJournal.ReadHistory(journal, signal, start, end, most + 1);
            if (!json) output.WriteLine(fires.Count == 0 ? "fires: none in the range" : FireText.TableHeader);
            foreach (var (_, fire) in fires.Take(most)) output.WriteLine(FireText.Format(fire, json));
            if (fires.Count > most) parse.InvocationConfiguration.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"deepwater: showing the first {most} fires; more are in the range (raise --limit or narrow --from/--to)"));
            return 0;
        });
        return command;
    }

    /// <summary>The signal's commits, or null when there is no signals repository to ask.</summary>
    private static IReadOnlyList<SignalCommit>? Commits(ParseResult parse, string signal)
    {
        try
        {
            return SignalRepository.Open(parse.GetValue(SignalsCommand.Directory)!).History(signal, 10);
        }
        catch (GitException)
        {
            return null;
        }
    }

    private static void WriteCommits(TextWriter output, string signal, IReadOnlyList<SignalCommit>? commits)
    {
        if (commits is null)
        {
            output.WriteLine($"{signal}: (no signals repository at --signals; commits not shown)");
            return;
        }
        output.WriteLine(commits.Count == 0 ? $"{signal}: no commits" : $"{signal}: {commits.Count} commit(s), newest first");
        foreach (var c in commits)
        {
            output.WriteLine($"  {c.Sha[..12]} {c.Time.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture)} {c.Author}  {c.Subject}");
        }
    }
}
