using System.Buffers.Text;
using System.Globalization;
using System.Text;

namespace Mcp.Server.Results;

/// <summary>
/// Opaque page cursors: the tool's name and a position, base64url-encoded, so a cursor from one tool
/// is refused by another with a clear error instead of silently meaning something else.
/// </summary>
public static class Cursor
{
    /// <summary>Makes a cursor for <paramref name="tool"/> resuming at <paramref name="position"/>.</summary>
    /// <param name="tool">The tool.</param>
    /// <param name="position">Where to resume (a journal sequence, an offset, a time).</param>
    /// <returns>The cursor.</returns>
    public static string Encode(string tool, long position) =>
        Base64Url.EncodeToString(Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{tool}:{position}")));

    /// <summary>Reads a cursor made by <see cref="Encode"/> for <paramref name="tool"/>; null gives null.</summary>
    /// <param name="tool">The tool.</param>
    /// <param name="cursor">The cursor the agent passed.</param>
    /// <returns>The position, or null when there is no cursor.</returns>
    /// <exception cref="ToolError">The cursor is not one of this tool's.</exception>
    public static long? Decode(string tool, string? cursor)
    {
        if (string.IsNullOrEmpty(cursor)) return null;
        string text;
        try
        {
            text = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(cursor));
        }
        catch (FormatException)
        {
            text = "";
        }
        var prefix = tool + ":";
        if (text.StartsWith(prefix, StringComparison.Ordinal)
            && long.TryParse(text.AsSpan(prefix.Length), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var position))
        {
            return position;
        }
        throw new ToolError(ErrorCodes.BadCursor, $"cursor '{cursor}' was not issued by {tool}",
            $"pass meta.next_cursor from a previous {tool} result unchanged, or omit cursor to start over");
    }
}
