using System.Text.Json;
using System.Text.Json.Nodes;
using ModelContextProtocol.Protocol;

namespace Mcp.Server.Results;

/// <summary>
/// Builds every tool result: <c>{data, meta}</c> as structured content plus a compact text block
/// (a summary line and the first rows), cut to the character cap when needed, saying so.
/// </summary>
public static class ToolResults
{
    /// <summary>Rows the text block shows; the rest are in the structured content.</summary>
    public const int TextRows = 20;

    /// <summary>A result holding one object.</summary>
    /// <param name="data">The object.</param>
    /// <param name="summary">The text block's first line.</param>
    /// <param name="meta">Size information; <see cref="ResultMeta.Whole"/> for a whole object.</param>
    /// <param name="lines">Further text lines (the text block keeps <see cref="TextRows"/> of them).</param>
    /// <returns>The result.</returns>
    public static CallToolResult Object(JsonObject data, string summary, ResultMeta? meta = null, IEnumerable<string>? lines = null)
    {
        meta ??= ResultMeta.Whole;
        return Build(data, meta, Text(summary, meta, lines ?? []));
    }

    /// <summary>
    /// A result holding a list, cut to fit <paramref name="maxChars"/>: when rows must go, the last
    /// ones go, <c>truncated</c> is set and <c>next_cursor</c> resumes at the first row left out.
    /// </summary>
    /// <typeparam name="T">The row type.</typeparam>
    /// <param name="rows">The rows, in order.</param>
    /// <param name="toJson">A row's JSON.</param>
    /// <param name="toLine">A row's text line.</param>
    /// <param name="summary">The text block's first line.</param>
    /// <param name="meta">Size information for all of <paramref name="rows"/>.</param>
    /// <param name="cursorAt">The cursor that resumes at row <c>i</c>, for when rows are cut.</param>
    /// <param name="maxChars">The result's character cap.</param>
    /// <param name="extra">Fields to put beside the list in <c>data</c> (the list goes in <c>data.items</c>); null puts the list itself in <c>data</c>.</param>
    /// <returns>The result.</returns>
    public static CallToolResult List<T>(IReadOnlyList<T> rows, Func<T, JsonNode> toJson, Func<T, string> toLine, string summary,
        ResultMeta meta, Func<int, string?> cursorAt, int maxChars, JsonObject? extra = null)
    {
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(meta);
        var count = rows.Count;
        while (true)
        {
            var kept = count == rows.Count ? meta : meta with { Returned = count, Truncated = true, NextCursor = cursorAt(count) };
            var items = new JsonArray([.. rows.Take(count).Select(toJson)]);
            JsonNode data = items;
            if (extra is not null)
            {
                var copy = (JsonObject)extra.DeepClone();
                copy["items"] = items;
                data = copy;
            }
            var result = Build(data, kept, Text(summary, kept, rows.Take(count).Select(toLine)));
            if (count == 0 || Size(result) <= maxChars) return result;
            count = Math.Min(count - 1, (int)(count * (long)maxChars / Size(result)));
        }
    }

    /// <summary>An <c>isError</c> result with <c>{code, message, hint}</c>.</summary>
    /// <param name="error">The error.</param>
    /// <returns>The result.</returns>
    public static CallToolResult Error(ToolError error)
    {
        ArgumentNullException.ThrowIfNull(error);
        var body = new JsonObject { ["code"] = error.Code, ["message"] = error.Message, ["hint"] = error.Hint };
        return new CallToolResult
        {
            IsError = true,
            StructuredContent = JsonSerializer.SerializeToElement(body),
            Content = [new TextContentBlock { Text = $"{error.Code}: {error.Message}. Hint: {error.Hint}" }],
        };
    }

    /// <summary>Characters of a result's structured content and text together.</summary>
    /// <param name="result">The result.</param>
    /// <returns>The size.</returns>
    public static int Size(CallToolResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var text = result.Content.OfType<TextContentBlock>().Sum(b => b.Text.Length);
        return text + (result.StructuredContent is { } s ? s.GetRawText().Length : 0);
    }

    private static CallToolResult Build(JsonNode data, ResultMeta meta, string text) => new()
    {
        StructuredContent = JsonSerializer.SerializeToElement(new JsonObject { ["data"] = data, ["meta"] = meta.ToJson() }),
        Content = [new TextContentBlock { Text = text }],
    };

    private static string Text(string summary, ResultMeta meta, IEnumerable<string> lines)
    {
        var all = lines.ToList();
        var text = new System.Text.StringBuilder(summary).Append(" (").Append(meta.Describe()).Append(')');
        foreach (var line in all.Take(TextRows)) text.Append('\n').Append(line);
        if (all.Count > TextRows) text.Append("\n… ").Append(all.Count - TextRows).Append(" more rows in structuredContent.data");
        return text.ToString();
    }
}
