using System.Text.Json.Nodes;

namespace Mcp.Server.Results;

/// <summary>What every result says about its own size: <c>meta</c> in the <c>{data, meta}</c> envelope.</summary>
/// <param name="Returned">Items in <c>data</c>.</param>
/// <param name="Available">Items the query matched, or null when counting them would cost too much.</param>
/// <param name="Truncated">True when more matched than were returned.</param>
/// <param name="NextCursor">Pass as <c>cursor</c> to get the next page; null when there is none.</param>
/// <param name="Note">Anything else the agent should know about completeness (a scan budget reached, an as_of applied).</param>
public sealed record ResultMeta(long Returned, long? Available, bool Truncated, string? NextCursor, string? Note = null)
{
    /// <summary>One whole object, nothing left out.</summary>
    public static ResultMeta Whole { get; } = new(1, 1, false, null);

    /// <summary>A page of an in-memory list paged by offset: truncated with a cursor to the next offset when items remain.</summary>
    /// <param name="tool">The tool, which the cursor names.</param>
    /// <param name="offset">Where the page starts.</param>
    /// <param name="returned">Items on the page.</param>
    /// <param name="available">Items in the whole list.</param>
    /// <param name="note">Anything else about completeness.</param>
    /// <returns>The meta.</returns>
    public static ResultMeta Page(string tool, int offset, int returned, int available, string? note = null)
    {
        var more = offset + returned < available;
        return new ResultMeta(returned, available, more, more ? Cursor.Encode(tool, offset + returned) : null, note);
    }

    /// <summary>The JSON form.</summary>
    /// <returns>The node.</returns>
    public JsonObject ToJson()
    {
        var json = new JsonObject
        {
            ["returned"] = Returned,
            ["available"] = Available,
            ["truncated"] = Truncated,
            ["next_cursor"] = NextCursor,
        };
        if (Note is not null) json["note"] = Note;
        return json;
    }

    /// <summary>One line for the text block.</summary>
    /// <returns>The line.</returns>
    public string Describe()
    {
        var of = Available is { } a ? $"{Returned} of {a}" : $"{Returned}";
        var more = Truncated ? NextCursor is { } c ? $"; truncated, next_cursor={c}" : "; truncated" : "";
        return Note is null ? $"{of} returned{more}" : $"{of} returned{more}; {Note}";
    }
}
