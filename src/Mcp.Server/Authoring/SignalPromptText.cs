using System.Text.RegularExpressions;

namespace Mcp.Server.Authoring;

/// <summary>The words that ask a model for a signal: shared by the <c>write_signal</c> prompt and <c>draft_signal</c>'s sampling.</summary>
public static partial class SignalPromptText
{
    /// <summary>The rules a signal must follow, ahead of the API reference.</summary>
    public const string Rules =
        "You write Deepwater signals: one C# file, `using Signals.Library;` and `using Signals.Library.State;`, one `public sealed class` deriving from `Signal` " +
        "with a parameterless constructor. Configure(SignalSetup setup) calls setup.Describe(\"…\"), setup.Subscribe(feedGlob, symbolGlob, EventKinds.…) and " +
        "setup.Use(Builders/Sources/Indicators…) keeping the StateKey in a field; handlers (OnTrade, OnBookChanged, OnQuote, OnTimer…) read context.State(key) " +
        "and call context.Fire(message, (name, value)…) sparingly (fires are rate-limited). Only Signals.Library and pure BCL types (math, strings, collections, LINQ) are allowed: " +
        "no IO, network, threads, tasks, reflection, DateTime.Now (use context.Now), new Random() (use context.Random), unsafe, or static mutable state. " +
        "Check IsWarm before using an indicator's Value. Reply with the whole file in one ```csharp block and nothing else.";

    /// <summary>The request for one signal.</summary>
    /// <param name="description">What it should detect.</param>
    /// <param name="feed">The feed it runs on.</param>
    /// <param name="symbols">Its symbols (comma-separated; globs allowed), or null for all.</param>
    /// <returns>The user message.</returns>
    public static string Task(string description, string feed, string? symbols) =>
        $"Write a Deepwater signal that {description.Trim()}\nFeed: {feed} (subscribe with feed glob \"{feed}\").\n" +
        $"Symbols: {(string.IsNullOrWhiteSpace(symbols) ? "all (symbol glob \"*\")" : symbols)}.";

    /// <summary>The message that feeds compile errors back.</summary>
    /// <param name="diagnostics">The diagnostics, one per line.</param>
    /// <returns>The user message.</returns>
    public static string Fix(IEnumerable<string> diagnostics) =>
        "That file does not compile in the Deepwater sandbox:\n" + string.Join("\n", diagnostics) +
        "\nFix every error and reply with the whole corrected file in one ```csharp block.";

    /// <summary>The C# in a reply: the first fenced block (```csharp, ```cs or ```), or the whole reply when it has none but looks like code.</summary>
    /// <param name="reply">The model's reply.</param>
    /// <returns>The source, or null.</returns>
    public static string? ExtractSource(string reply)
    {
        ArgumentNullException.ThrowIfNull(reply);
        var match = Fence().Match(reply);
        if (match.Success) return match.Groups[1].Value.Trim() + "\n";
        return reply.Contains(": Signal", StringComparison.Ordinal) ? reply.Trim() + "\n" : null;
    }

    [GeneratedRegex(@"```(?:csharp|cs|c#)?[ \t]*\r?\n(.*?)```", RegexOptions.Singleline | RegexOptions.IgnoreCase)]
    private static partial Regex Fence();
}
