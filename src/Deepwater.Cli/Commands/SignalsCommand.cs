using System.CommandLine;
using System.Globalization;
using Deepwater.Cli.Signals;
using Market.Core.Journal;
using Signals.Runtime.Compilation;
using Signals.Runtime.Fires;

namespace Deepwater.Cli.Commands;

/// <summary><c>deepwater signals check | list | history | backtest | diff</c>.</summary>
internal static class SignalsCommand
{
    /// <summary>The signals folder (in a git repository): what <c>run</c>, <c>runtime</c> and the signal verbs read.</summary>
    public static readonly Option<string> Directory = new("--signals")
    {
        Description = "The signals folder, inside a git repository (committed files are what runs)",
        DefaultValueFactory = _ => "signals",
        Recursive = true,
    };

    public static Command Build()
    {
        var command = new Command("signals", "Check, list, backtest and compare signals; read their fire history") { Directory };
        command.Subcommands.Add(Check());
        command.Subcommands.Add(List());
        command.Subcommands.Add(SignalsHistoryCommand.Build());
        command.Subcommands.Add(SignalsBacktestCommand.Build());
        command.Subcommands.Add(SignalsDiffCommand.Build());
        return command;
    }

    /// <summary><c>file:line:column: layer id: message (hint: …)</c>; warnings say so.</summary>
    public static string Format(SignalDiagnostic d) =>
        string.Create(CultureInfo.InvariantCulture, $"{d.File}:{d.Line}:{d.Column}: {(d.IsError ? "" : d.Severity + " ")}{d.Layer} {d.Id}: {d.Message}") +
        (d.Hint.Length > 0 ? $" (hint: {d.Hint})" : "");

    private static Command Check()
    {
        var file = new Argument<string>("file") { Description = "A signal's .cs file" };
        var command = new Command("check", "Compile a signal through the sandbox and print its diagnostics; exit 1 on errors") { file };
        command.SetAction(parse =>
        {
            var signal = SignalSource.FromFile(parse.GetValue(file)!, "file");
            var result = Backtest.Compile(signal);
            var output = parse.InvocationConfiguration.Output;
            foreach (var d in result.Diagnostics) output.WriteLine(Format(d));
            var errors = result.Errors.Count();
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{signal.File}: {(result.Success ? "ok" : "failed")}: {errors} error(s), {result.Diagnostics.Count - errors} warning(s), compiled in {result.Elapsed.TotalMilliseconds:F0} ms"));
            return result.Success ? 0 : 1;
        });
        return command;
    }

    private static Command List()
    {
        var command = new Command("list", "The signals committed at HEAD: last commit, author, description, and fires recorded");
        command.SetAction(parse =>
        {
            var repository = SignalSource.OpenRepository(parse.GetValue(Directory)!);
            var head = SignalSource.Head(repository);
            var files = repository.List(head);
            var fires = FireCounts(parse);
            var output = parse.InvocationConfiguration.Output;
            output.WriteLine($"signals at {head[..12]} of {repository.Directory}");
            output.WriteLine("name                     commit        author                     date                   fires  description");
            foreach (var file in files)
            {
                var last = repository.History(file.Name, 1).FirstOrDefault();
                var source = repository.ReadSource(head, file.Name) ?? "";
                var description = SignalSyntax.Read(source).Description ?? "";
                var author = last is null ? "" : last.Author.Split(" <", 2)[0];
                var count = fires is null ? "-" : fires.GetValueOrDefault(file.Name).ToString(CultureInfo.InvariantCulture);
                output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{file.Name,-24} {last?.Sha[..12] ?? "",-13} {Truncate(author, 26),-26} {last?.Time.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) ?? "",-20} {count,7}  {description}"));
            }
            if (files.Count == 0) output.WriteLine("(no signals committed)");
            return 0;
        });
        return command;
    }

    /// <summary>Fires per signal in the signal journal, or null when there is none.</summary>
    private static Dictionary<string, long>? FireCounts(ParseResult parse)
    {
        var path = MmapJournal.PathFor(parse.GetValue(DeepwaterCommand.Data)!, parse.GetValue(DeepwaterCommand.Env)!, SignalJournal.FeedName);
        if (!System.IO.Directory.Exists(path)) return null;
        using var journal = MmapJournal.Open(path);
        return SignalJournal.ReadHistory(journal, null, long.MinValue, long.MaxValue, int.MaxValue)
            .GroupBy(f => f.Fire.Signal, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => (long)g.Count(), StringComparer.Ordinal);
    }

    private static string Truncate(string text, int length) => text.Length <= length ? text : text[..(length - 1)] + "…";
}
