using Market.Core.Journal;
using ModelContextProtocol.Protocol;
using Signals.Runtime.Deployment;

namespace Mcp.Server.Results;

/// <summary>
/// Runs a tool body and turns a <see cref="ToolError"/> (or a journal or git failure) into an
/// <c>isError</c> result. Needed because the SDK catches whatever a tool throws and replaces it
/// with a generic message, which would lose the code and hint.
/// </summary>
public static class ToolRun
{
    /// <summary>Runs <paramref name="body"/>.</summary>
    /// <param name="body">The tool's work.</param>
    /// <returns>Its result, or the error result.</returns>
    public static CallToolResult Safely(Func<CallToolResult> body)
    {
        ArgumentNullException.ThrowIfNull(body);
        try
        {
            return body();
        }
        catch (Exception e) when (ToError(e) is { } error)
        {
            return ToolResults.Error(error);
        }
    }

    /// <summary>Runs an asynchronous <paramref name="body"/>; cancellation by the client still propagates.</summary>
    /// <param name="body">The tool's work.</param>
    /// <returns>Its result, or the error result.</returns>
    public static async Task<CallToolResult> SafelyAsync(Func<Task<CallToolResult>> body)
    {
        ArgumentNullException.ThrowIfNull(body);
        try
        {
            return await body().ConfigureAwait(false);
        }
        catch (Exception e) when (ToError(e) is { } error)
        {
            return ToolResults.Error(error);
        }
    }

    private static ToolError? ToError(Exception e) => e switch
    {
        ToolError tool => tool,
        // The messages name paths under the data directory or the signals folder, never a secret.
        JournalException or IOException => new ToolError(ErrorCodes.Unavailable, $"the journal could not be read: {e.Message}",
            "retry; if it persists check system_status for the feed's journal"),
        GitException => new ToolError(ErrorCodes.Unavailable, $"the signals repository could not be read or written: {e.Message.Split('\n')[0]}",
            "retry; if it persists an operator should check the signals repository (git status)"),
        _ => null,
    };
}
