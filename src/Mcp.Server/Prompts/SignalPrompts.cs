using System.ComponentModel;
using Mcp.Server.Authoring;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace Mcp.Server.Prompts;

/// <summary><c>write_signal</c>: guides a model to write a signal with the API reference, then validate, backtest and commit it.</summary>
[McpServerPromptType]
public sealed class SignalPrompts(SignalApiReference reference)
{
    /// <summary>The prompt.</summary>
    /// <param name="description">What to detect.</param>
    /// <param name="feed">The feed.</param>
    /// <param name="symbols">Symbols.</param>
    /// <returns>The messages.</returns>
    [McpServerPrompt(Name = "write_signal")]
    [Description("Write a Deepwater signal from a description, with the signal API reference, then validate_signal, backtest_signal and commit_signal it.")]
    public GetPromptResult WriteSignal(
        [Description("What the signal should detect, in plain words")] string description,
        [Description("Feed it runs on, from list_markets")] string feed,
        [Description("Comma-separated symbols (* and ? allowed); empty for all")] string? symbols = null) => new()
    {
        Description = "Write a signal, then validate, backtest and commit it",
        Messages =
        [
            new PromptMessage
            {
                Role = Role.User,
                Content = new TextContentBlock
                {
                    Text = SignalPromptText.Rules + "\n\n" + SignalPromptText.Task(description ?? "", feed ?? "*", symbols) +
                        "\n\nThen: validate_signal(source) and fix every diagnostic; backtest_signal(source, feed) and check the fires make sense; " +
                        "commit_signal(name, source, message) only when they do.\n\nThe signal API reference follows.",
                },
            },
            new PromptMessage { Role = Role.User, Content = new TextContentBlock { Text = reference.Markdown } },
        ],
    };
}
