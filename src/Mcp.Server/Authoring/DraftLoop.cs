using ModelContextProtocol;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

// Sampling is deprecated by the 2026-07-28 spec (SEP-2577) but is how a client lends the server its own model; the
// server holds no model key. Revisit when the SDK ships its replacement.
#pragma warning disable MCP9005

namespace Mcp.Server.Authoring;

/// <summary>One round of drafting: how many errors the reply had, and the first.</summary>
/// <param name="Round">1-based.</param>
/// <param name="Errors">Compile errors (0 when it compiled).</param>
/// <param name="First">The first error, or null.</param>
public sealed record DraftRound(int Round, int Errors, string? First);

/// <summary>What drafting produced.</summary>
/// <param name="Source">The last source the model wrote, or null when no reply held any.</param>
/// <param name="Compiled">Whether it compiles.</param>
/// <param name="Rounds">Each round.</param>
public sealed record DraftResult(string? Source, bool Compiled, IReadOnlyList<DraftRound> Rounds);

/// <summary>
/// Writes a signal with the client's own model through MCP sampling (<c>sampling/createMessage</c>):
/// the API reference as the system prompt, then the compile errors of each reply sent back, for at
/// most <see cref="AuthoringOptions.MaxDraftRounds"/> rounds. The server holds no model key.
/// </summary>
public sealed class DraftLoop(McpServer server, BacktestRunner runner, SignalApiReference reference)
{
    private const int DiagnosticsFedBack = 10;

    /// <summary>Runs the rounds.</summary>
    /// <param name="description">What the signal should detect.</param>
    /// <param name="feed">Its feed.</param>
    /// <param name="symbols">Its symbols, or null.</param>
    /// <param name="progress">Progress, one step per round.</param>
    /// <param name="cancellationToken">The client's cancellation.</param>
    /// <returns>The draft.</returns>
    public async Task<DraftResult> RunAsync(string description, string feed, string? symbols, IProgress<ProgressNotificationValue>? progress, CancellationToken cancellationToken)
    {
        var rounds = new List<DraftRound>();
        var messages = new List<SamplingMessage> { Message(Role.User, SignalPromptText.Task(description, feed, symbols)) };
        var max = runner.Options.MaxDraftRounds;
        string? source = null;
        for (var round = 1; round <= max; round++)
        {
            progress?.Report(new ProgressNotificationValue { Progress = round - 1, Total = max, Message = $"round {round}: asking the client's model" });
            var reply = await SampleAsync(messages, cancellationToken).ConfigureAwait(false);
            messages.Add(Message(Role.Assistant, reply));
            var candidate = SignalPromptText.ExtractSource(reply);
            if (candidate is null)
            {
                rounds.Add(new DraftRound(round, 1, "the reply held no ```csharp block"));
                messages.Add(Message(Role.User, "Reply with the whole C# file in one ```csharp block and nothing else."));
                continue;
            }
            source = candidate;
            var compiled = runner.Backtest.Compile(Tools.AuthoringTools.Draft("draft", source));
            var errors = compiled.Errors.Select(d => d.ToString()).ToList();
            rounds.Add(new DraftRound(round, errors.Count, errors.FirstOrDefault()));
            if (compiled.Success) return new DraftResult(source, true, rounds);
            messages.Add(Message(Role.User, SignalPromptText.Fix(errors.Take(DiagnosticsFedBack))));
        }
        return new DraftResult(source, false, rounds);
    }

    private async Task<string> SampleAsync(List<SamplingMessage> messages, CancellationToken cancellationToken)
    {
        CreateMessageResult result;
        try
        {
            result = await server.SampleAsync(new CreateMessageRequestParams
            {
                Messages = [.. messages],
                SystemPrompt = SignalPromptText.Rules + "\n\n" + reference.Markdown,
                MaxTokens = runner.Options.DraftMaxTokens,
                Temperature = 0.2f,
                IncludeContext = ContextInclusion.None,
            }, cancellationToken).ConfigureAwait(false);
        }
        catch (McpException e)
        {
            throw new Results.ToolError(Results.ErrorCodes.SamplingUnavailable, $"draft_signal: the client's model did not answer ({e.Message})",
                "retry, or write the source yourself and use validate_signal");
        }
        var text = string.Concat(result.Content.OfType<TextContentBlock>().Select(b => b.Text));
        return text.Length > 0 ? text
            : throw new Results.ToolError(Results.ErrorCodes.SamplingUnavailable, "draft_signal: the client's model replied without text", "retry, or write the source yourself and use validate_signal");
    }

    private static SamplingMessage Message(Role role, string text) => new() { Role = role, Content = [new TextContentBlock { Text = text }] };
}
