using System.CommandLine;
using System.Globalization;
using Deepwater.Cli.Signals;
using Signals.Library;
using Signals.Runtime.Deployment;
using Signals.Runtime.Replay;

namespace Deepwater.Cli.Commands;

/// <summary>
/// <c>deepwater signals diff [name] --baseline &lt;commit&gt; --candidate &lt;commit|file&gt; --feed F --from T --to T [--symbol S]</c>:
/// backtests both versions over the same range and reports the fires added, removed and changed.
/// </summary>
internal static class SignalsDiffCommand
{
    private const int Shown = 5;

    private static readonly Argument<string?> Name = new("name") { Description = "The signal; default: the file's stem, or the one signal that differs between the commits", Arity = ArgumentArity.ZeroOrOne };
    private static readonly Option<string> Baseline = new("--baseline") { Description = "The commit of the signals repository to compare against", Required = true };
    private static readonly Option<string> Candidate = new("--candidate") { Description = "A commit, or a .cs file (a draft)", Required = true };

    public static Command Build()
    {
        var command = new Command("diff", "Backtest two versions of a signal over the same data: fires added, removed and changed")
        {
            Name, Baseline, Candidate, SignalsBacktestCommand.Feeds, SignalsBacktestCommand.Symbol, SignalsBacktestCommand.From, SignalsBacktestCommand.To,
            SignalsBacktestCommand.Params,
        };
        // Synchronous work: the replay runs on this thread (or the progress bar's worker).
        command.SetAction((parse, cancellation) => Task.FromResult(Run(parse, cancellation)));
        return command;
    }

    private static int Run(ParseResult parse, CancellationToken cancellation)
    {
        var repository = SignalSource.OpenRepository(parse.GetValue(SignalsCommand.Directory)!);
        var baseCommit = parse.GetValue(Baseline)!;
        var candidateText = parse.GetValue(Candidate)!;
        var candidateIsFile = SignalSource.LooksLikeFile(candidateText) || File.Exists(candidateText);
        var signalName = parse.GetValue(Name)
            ?? (candidateIsFile ? Path.GetFileNameWithoutExtension(candidateText) : OnlyChanged(repository, baseCommit, candidateText));
        var before = SignalSource.FromRepository(repository, baseCommit, signalName, "--baseline");
        var after = candidateIsFile ? SignalSource.FromFile(candidateText, "--candidate") : SignalSource.FromRepository(repository, candidateText, signalName, "--candidate");
        if (after.Name != before.Name) throw new UserError($"--candidate: the file is signal '{after.Name}', the baseline '{before.Name}'");
        var parameters = SignalsBacktestCommand.ParseParameters(parse, after);
        var (from, to) = SignalsBacktestCommand.Range(parse);
        using var journals = SignalsBacktestCommand.OpenFeeds(parse);
        var options = new ReplayOptions { From = from, To = to, Symbols = journals.Symbols, ProgressEvery = 65_536 };
        var old = SignalsBacktestCommand.Execute(parse, before, parameters, journals, options, cancellation);
        if (old is null) return 1;
        var @new = SignalsBacktestCommand.Execute(parse, after, parameters, journals, options, cancellation);
        if (@new is null) return 1;
        if (old.Replay.Cancelled || @new.Replay.Cancelled) return 130;
        Write(parse.InvocationConfiguration.Output, old, @new, FireDiff.Compare(old.Fires, @new.Fires), journals.Names, from, to);
        return 0;
    }

    private static void Write(TextWriter output, BacktestRun old, BacktestRun @new, FireDiff diff, IReadOnlyList<string> feeds, long from, long to)
    {
        output.WriteLine($"diff: {old.Signal.Name} baseline {old.Signal.Version} → candidate {@new.Signal.Version} on {string.Join(", ", feeds)} from {UnixNanos.Format(from)} to {UnixNanos.Format(to)}");
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"baseline_fires={old.Fires.Count} candidate_fires={@new.Fires.Count} added={diff.Added.Count} removed={diff.Removed.Count} changed={diff.Changed.Count} unchanged={diff.Unchanged} events={@new.Replay.Events}"));
        Section(output, "added", diff.Added.Count, diff.Added.Take(Shown).Select(f => "+ " + FireText.Format(f, json: false)));
        Section(output, "removed", diff.Removed.Count, diff.Removed.Take(Shown).Select(f => "- " + FireText.Format(f, json: false)));
        Section(output, "changed", diff.Changed.Count, diff.Changed.Take(Shown).SelectMany(c => new[]
        {
            "~ " + FireText.Format(c.Baseline, json: false),
            "  → " + c.Candidate.Message + (c.Candidate.Fields.Length == 0 ? "" : " " + FireText.Fields(c.Candidate)),
        }));
    }

    private static void Section(TextWriter output, string title, int count, IEnumerable<string> lines)
    {
        if (count == 0) return;
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{title} ({count}{(count > Shown ? $", first {Shown}" : "")}):"));
        foreach (var line in lines) output.WriteLine(line);
    }

    /// <summary>With two commits and no name: the one signal whose file differs between them.</summary>
    private static string OnlyChanged(SignalRepository repository, string baseline, string candidate)
    {
        var a = SignalSource.ListAt(repository, baseline, "--baseline").ToDictionary(f => f.Name, f => f.BlobId, StringComparer.Ordinal);
        var b = SignalSource.ListAt(repository, candidate, "--candidate").ToDictionary(f => f.Name, f => f.BlobId, StringComparer.Ordinal);
        var changed = a.Keys.Intersect(b.Keys, StringComparer.Ordinal).Where(n => a[n] != b[n]).Order(StringComparer.Ordinal).ToList();
        return changed.Count switch
        {
            1 => changed[0],
            0 => throw new UserError($"name: no signal present in both {baseline} and {candidate} differs between them; name the signal to compare"),
            _ => throw new UserError($"name: several signals differ between {baseline} and {candidate} ({string.Join(", ", changed)}); name one"),
        };
    }
}
