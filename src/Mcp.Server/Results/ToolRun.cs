using Market.Core.Journal;
using ModelContextProtocol.Protocol;

namespace Mcp.Server.Results;

/// <summary>
/// Runs a tool body and turns a <see cref="ToolError"/> (or a journal failure) into an <c>isError</c>
/// result. Needed because the SDK catches whatever a tool throws and replaces it with a generic
/// message, which would lose the code and hint.
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
        catch (ToolError e)
        {
            return ToolResults.Error(e);
        }
        catch (Exception e) when (e is JournalException or IOException)
        {
            // The message names a path under the data directory, never a secret.
            return ToolResults.Error(new ToolError(ErrorCodes.Unavailable, $"the journal could not be read: {e.Message}",
                "retry; if it persists check system_status for the feed's journal"));
        }
    }
}
