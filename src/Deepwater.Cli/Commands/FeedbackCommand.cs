using System.CommandLine;
using System.Globalization;
using Mcp.Server.Feedback;

namespace Deepwater.Cli.Commands;

/// <summary><c>deepwater feedback list [--limit N]</c>: the issues agents reported through <c>report_issue</c>, newest last.</summary>
internal static class FeedbackCommand
{
    public static Command Build()
    {
        var command = new Command("feedback", "Issues agents reported over MCP (report_issue)");
        var limit = new Option<int>("--limit") { Description = "Show the latest N reports", DefaultValueFactory = _ => 50 };
        var list = new Command("list", "The reports, oldest first: time, client, title and body") { limit };
        list.SetAction(parse =>
        {
            var most = parse.GetValue(limit);
            if (most < 1) throw new UserError($"--limit must be at least 1 (got {most})");
            var environment = Path.Combine(parse.GetValue(DeepwaterCommand.Data)!, parse.GetValue(DeepwaterCommand.Env)!);
            var journal = new FeedbackJournal(environment);
            var entries = journal.Read();
            var output = parse.InvocationConfiguration.Output;
            if (entries.Count == 0)
            {
                output.WriteLine($"no feedback yet ({journal.Path})");
                return 0;
            }
            foreach (var entry in entries.TakeLast(most))
            {
                output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{entry.Time.UtcDateTime:yyyy-MM-dd HH:mm:ss}Z  {entry.Client}  {entry.Title}"));
                foreach (var line in entry.Body.Split('\n')) output.WriteLine("    " + line.TrimEnd('\r'));
            }
            if (entries.Count > most) output.WriteLine($"… {entries.Count - most} earlier reports (raise --limit)");
            return 0;
        });
        command.Subcommands.Add(list);
        return command;
    }
}
