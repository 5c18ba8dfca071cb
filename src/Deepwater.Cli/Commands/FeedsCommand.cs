using System.CommandLine;
using Market.Core.Feeds.Config;

namespace Deepwater.Cli.Commands;

/// <summary><c>deepwater feeds list | show &lt;feed&gt; | validate</c>: the feed and environment files kept in git.</summary>
internal static class FeedsCommand
{
    private static readonly Option<string> Config = new("--config")
    {
        Description = "Folder holding feeds/ and environments/",
        DefaultValueFactory = _ => ".",
        Recursive = true,
    };

    public static Command Build()
    {
        var command = new Command("feeds", "Feed and environment definitions (feeds/*.yaml, environments/*.yaml)");
        command.Options.Add(Config);
        command.Subcommands.Add(List());
        command.Subcommands.Add(Show());
        command.Subcommands.Add(Validate());
        return command;
    }

    private static FeedConfiguration Load(ParseResult parse)
    {
        var root = parse.GetValue(Config)!;
        if (!Directory.Exists(Path.Combine(root, "feeds"))) throw new UserError($"no feeds/ folder in {Path.GetFullPath(root)} (use --config)");
        return FeedConfiguration.Load(root);
    }

    private static Command List()
    {
        var command = new Command("list", "One line per feed: name, kind, venue, symbols, environments that run it");
        command.SetAction(parse =>
        {
            var config = Load(parse);
            var output = parse.InvocationConfiguration.Output;
            output.WriteLine($"{"feed",-12} {"kind",-9} {"venue",-16} {"environments",-14} symbols");
            foreach (var feed in config.Feeds)
            {
                var environments = string.Join(',', config.Environments.Where(e => e.Feeds.Contains(feed.Name)).Select(e => e.Name));
                output.WriteLine($"{feed.Name,-12} {feed.Kind,-9} {feed.Venue,-16} {(environments.Length > 0 ? environments : "-"),-14} {string.Join(' ', feed.Symbols)}");
            }
            return ReportErrors(parse, config);
        });
        return command;
    }

    private static Command Show()
    {
        var feedName = new Argument<string>("feed") { Description = "Feed name" };
        var env = new Option<string?>("--environment") { Description = "Apply this environment's endpoint overrides" };
        var command = new Command("show", "A feed's definition (credentials shown as references, never values)") { feedName, env };
        command.SetAction(parse =>
        {
            var config = Load(parse);
            var name = parse.GetValue(feedName)!;
            FeedDefinition feed;
            try
            {
                feed = parse.GetValue(env) is { } environment
                    ? config.Resolve(name, environment)
                    : config.Feeds.FirstOrDefault(f => f.Name == name) ?? throw new KeyNotFoundException($"no feed '{name}' (known: {string.Join(", ", config.Feeds.Select(f => f.Name))})");
            }
            catch (KeyNotFoundException e)
            {
                throw new UserError(e.Message);
            }
            var output = parse.InvocationConfiguration.Output;
            output.WriteLine($"feed: {feed.Name}");
            output.WriteLine($"kind: {feed.Kind}");
            output.WriteLine($"venue: {feed.Venue}");
            foreach (var (endpoint, url) in feed.Endpoints) output.WriteLine($"endpoint {endpoint}: {url}");
            output.WriteLine($"channels: {string.Join(", ", feed.Channels)}");
            output.WriteLine($"symbols: {string.Join(", ", feed.Symbols)}");
            foreach (var (credential, reference) in feed.Credentials) output.WriteLine($"credential {credential}: {reference}");
            output.WriteLine($"checkpoint: every {feed.CheckpointEvery.TotalSeconds}s or {feed.CheckpointDeltas} deltas");
            if (feed.ReplayVenue is { } replayVenue) output.WriteLine($"replay: {replayVenue.ToString().ToLowerInvariant()} at {(feed.ReplaySpeed == 0 ? "full speed" : $"{feed.ReplaySpeed}x")}");
            output.WriteLine($"source: {feed.Source}");
            return 0;
        });
        return command;
    }

    private static Command Validate()
    {
        var command = new Command("validate", "Check every file: unknown keys, kinds, channels, credentials, references; exit 0 only if valid");
        command.SetAction(parse =>
        {
            var config = Load(parse);
            if (config.Errors.Count == 0)
            {
                parse.InvocationConfiguration.Output.WriteLine($"valid: {config.Feeds.Count} feeds, {config.Environments.Count} environments");
            }
            return ReportErrors(parse, config);
        });
        return command;
    }

    private static int ReportErrors(ParseResult parse, FeedConfiguration config)
    {
        foreach (var error in config.Errors) parse.InvocationConfiguration.Error.WriteLine(error.ToString());
        return config.Errors.Count == 0 ? 0 : 1;
    }
}
