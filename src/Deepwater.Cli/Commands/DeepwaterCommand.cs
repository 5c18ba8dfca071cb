using System.CommandLine;
using Market.Core.Journal;

namespace Deepwater.Cli.Commands;

/// <summary>The <c>deepwater</c> command tree and its error handling.</summary>
internal static class DeepwaterCommand
{
    /// <summary>Where journals live: <c>{data}/{env}/{feed}</c>.</summary>
    public static readonly Option<string> Data = new("--data")
    {
        Description = "Data directory holding the journals",
        DefaultValueFactory = _ => "./data",
        Recursive = true,
    };

    /// <summary>The environment: a namespace of feeds under the data directory.</summary>
    public static readonly Option<string> Env = new("--env")
    {
        Description = "Environment (a folder under the data directory)",
        DefaultValueFactory = _ => "dev",
        Recursive = true,
    };

    public static RootCommand Build()
    {
        var root = new RootCommand("Deepwater: record, replay and explore market data; run signals; serve LLM agents over MCP.");
        root.Options.Add(Data);
        root.Options.Add(Env);
        root.Subcommands.Add(RunCommand.Build());
        root.Subcommands.Add(CoreCommand.Build());
        root.Subcommands.Add(JournalCommand.Build());
        root.Subcommands.Add(ReadCommand.Build());
        root.Subcommands.Add(ReplayCommand.Build());
        root.Subcommands.Add(FeedsCommand.Build());
        root.Subcommands.Add(BenchCommand.Build());
        root.Subcommands.Add(BookCommand.Build());
        root.Subcommands.Add(SignalsCommand.Build());
        root.Subcommands.Add(RuntimeCommand.Build());
        root.Subcommands.Add(McpCommand.Build());
        root.Subcommands.Add(FeedbackCommand.Build());
        return root;
    }

    /// <summary>Parses and runs; bad input and journal errors become one line on stderr and a non-zero exit.</summary>
    public static int Run(string[] args, TextWriter output, TextWriter error)
    {
        var parse = Build().Parse(args);
        if (parse.Errors.Count > 0)
        {
            error.WriteLine($"deepwater: {parse.Errors[0].Message} (see --help)");
            return 2;
        }
        try
        {
            return parse.Invoke(new InvocationConfiguration { Output = output, Error = error, EnableDefaultExceptionHandler = false });
        }
        catch (UserError e)
        {
            error.WriteLine($"deepwater: {e.Message}");
            return 2;
        }
        catch (Exception e) when (e is JournalException or IOException or UnauthorizedAccessException or FormatException or ArgumentException)
        {
            error.WriteLine($"deepwater: {e.Message}");
            return 1;
        }
    }

    /// <summary>The journal directory of <paramref name="feed"/> under the parsed --data and --env.</summary>
    public static string JournalPath(ParseResult parse, string feed)
    {
        if (string.IsNullOrWhiteSpace(feed) || feed.IndexOfAny(['/', '\\', '.']) >= 0 || feed is ".." or ".")
        {
            throw new UserError($"'{feed}' is not a feed name (letters, digits, '-' and '_'; no dots or slashes)");
        }
        return MmapJournal.PathFor(parse.GetValue(Data)!, parse.GetValue(Env)!, feed);
    }

    /// <summary>Opens an existing journal, turning "no journal there" into a user error that names the feed.</summary>
    public static MmapJournal OpenExisting(ParseResult parse, string feed)
    {
        var path = JournalPath(parse, feed);
        if (!Directory.Exists(path))
        {
            throw new UserError($"no journal for feed '{feed}' in {Path.GetDirectoryName(path)} (check --data and --env)");
        }
        return MmapJournal.Open(path);
    }
}
