using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text.Json.Nodes;
using Mcp.Server.Data;
using Mcp.Server.Results;
using Mcp.Server.Validation;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;
using Signals.Library;

#pragma warning disable CA1707 // tool parameters are snake_case on the wire, and the SDK takes their names from C#

namespace Mcp.Server.Tools;

/// <summary><c>data_inventory</c> and <c>data_gaps</c>: what data exists, and where it is missing.</summary>
public sealed class InventoryTools(MarketData data, InventoryCache inventory)
{
    /// <summary>Per feed, symbol and UTC day: events by kind, first/last time, bytes.</summary>
    /// <param name="feed">Feed filter.</param>
    /// <param name="limit">Page size.</param>
    /// <param name="cursor">Page cursor.</param>
    /// <returns>The page.</returns>
    [McpServerTool(Name = "data_inventory", ReadOnly = true, Destructive = false, Idempotent = true, OpenWorld = false)]
    [Description("What data exists: per feed, symbol and UTC day, events by kind, first/last time and journal bytes. Symbol '*' is feed-wide records.")]
    public CallToolResult DataInventory(
        [Description("Only this feed")][MaxLength(64)] string? feed = null,
        [Description("Rows per page")][Range(1, 1000)] int limit = 100,
        [Description("meta.next_cursor of the previous page")][MaxLength(200)] string? cursor = null) => ToolRun.Safely(() =>
    {
        const string Tool = "data_inventory";
        var size = TimeArgs.Limit(Tool, limit, data.Options.Caps);
        var offset = (int)Math.Clamp(Cursor.Decode(Tool, cursor) ?? 0, 0, int.MaxValue);
        var feeds = feed is null ? data.Feeds() : [data.Journal(Tool, feed).Feed];
        var rows = new List<JsonObject>();
        var partial = false;
        foreach (var f in feeds)
        {
            var journal = data.Journal(Tool, f);
            var feedInventory = inventory.Get(Tool, f);
            partial |= !feedInventory.Complete;
            foreach (var ((id, day), cell) in feedInventory.Cells.OrderBy(c => journal.Symbols.GetSymbol(c.Key.Instrument), StringComparer.Ordinal).ThenBy(c => c.Key.Day))
            {
                var events = new JsonObject();
                for (var k = 1; k < cell.Counts.Length; k++)
                {
                    if (cell.Counts[k] > 0) events[Json.Kind((EventKind)k)] = cell.Counts[k];
                }
                rows.Add(new JsonObject
                {
                    ["feed"] = f,
                    ["symbol"] = id == 0 ? "*" : journal.Symbols.GetSymbol(id) ?? $"#{id}",
                    ["day"] = FeedInventory.DateOf(day),
                    ["events"] = events,
                    ["first"] = Json.Time(cell.First),
                    ["last"] = Json.Time(cell.Last),
                    ["bytes"] = cell.Bytes,
                });
            }
        }
        var page = rows.Skip(offset).Take(size).ToList();
        var meta = ResultMeta.Page(Tool, offset, page.Count, rows.Count, partial ? "scan budget reached: the newest chunks are not counted" : null);
        return ToolResults.List(page, r => r, r => $"{r["feed"]} {r["symbol"]} {r["day"]} {r["events"]!.ToJsonString()} {r["bytes"]}B",
            $"{Tool}: feed symbol day events bytes", meta, i => Cursor.Encode(Tool, offset + i), data.Options.Caps.MaxResultChars);
    });

    /// <summary>Gap records and silent intervals of a feed.</summary>
    /// <param name="feed">The feed.</param>
    /// <param name="from">Start.</param>
    /// <param name="to">End.</param>
    /// <param name="min_silence">Shortest silence reported.</param>
    /// <param name="limit">Rows at most.</param>
    /// <param name="cursor">Page cursor.</param>
    /// <returns>The rows.</returns>
    [McpServerTool(Name = "data_gaps", ReadOnly = true, Destructive = false, Idempotent = true, OpenWorld = false)]
    [Description("Where data is missing: gap records the feed journaled (sequence jumps, disconnects, resyncs) and silent intervals with no event at all.")]
    public CallToolResult DataGaps(
        [Description("Feed, from list_markets")][MaxLength(64)] string feed,
        [Description("Start (inclusive); default: start of data")][MaxLength(64)] string? from = null,
        [Description("End (exclusive); default: end of data")][MaxLength(64)] string? to = null,
        [Description("Shortest silence reported, e.g. 30s, 5m")][MaxLength(32)] string min_silence = "1m",
        [Description("Rows at most")][Range(1, 1000)] int limit = 100,
        [Description("meta.next_cursor of the previous page")][MaxLength(200)] string? cursor = null) => ToolRun.Safely(() =>
    {
        const string Tool = "data_gaps";
        var now = data.Now;
        var size = TimeArgs.Limit(Tool, limit, data.Options.Caps);
        var fromTs = TimeArgs.Instant(Tool, "from", from, now);
        var toTs = TimeArgs.Instant(Tool, "to", to, now);
        var silence = TimeArgs.Duration(Tool, "min_silence", min_silence)!.Value;
        if (silence < 1_000_000) throw new ToolError(ErrorCodes.InvalidArgument, $"{Tool}: min_silence '{min_silence}' is shorter than 1ms", "pass 'min_silence' of 1ms or more, e.g. 30s");
        var end = toTs ?? long.MaxValue;
        if (fromTs is { } f) TimeArgs.Ordered(Tool, f, end);
        var journal = data.Journal(Tool, feed);
        using var reader = journal.OpenReader();
        if (Cursor.Decode(Tool, cursor) is { } resume) reader.SeekToSequence(resume);
        else if (fromTs is { } start) reader.SeekToTime(start);

        var rows = new List<(JsonObject Row, long Sequence)>();
        long previous = long.MinValue, scanned = 0, nextSequence = 0, gaps = 0, silences = 0;
        var budgetHit = false;
        while (reader.TryRead(out var record) && record.TsRecv < end)
        {
            if (++scanned > data.Options.Caps.ScanBudget)
            {
                budgetHit = true;
                nextSequence = record.Sequence;
                break;
            }
            JsonObject? row = null;
            if (previous != long.MinValue && record.TsRecv - previous >= silence)
            {
                silences++;
                row = new JsonObject
                {
                    ["kind"] = "silence",
                    ["from"] = Json.Time(previous),
                    ["to"] = Json.Time(record.TsRecv),
                    ["seconds"] = Math.Round((record.TsRecv - previous) / 1e9, 3),
                };
                if (!Add(row, record.Sequence)) break;
            }
            previous = record.TsRecv;
            if (record.Kind == EventKind.Gap && Gap.TryReadPayload(record.Payload, new EventHeader(record.InstrumentId, record.TsEvent, record.TsRecv), out var gap))
            {
                gaps++;
                row = new JsonObject
                {
                    ["kind"] = "gap",
                    ["t"] = Json.Time(gap.TsRecv),
                    ["symbol"] = gap.InstrumentId == 0 ? "*" : journal.Symbols.GetSymbol(gap.InstrumentId),
                    ["reason"] = gap.Reason.ToString(),
                    ["expected_seq"] = gap.ExpectedVenueSequence,
                    ["received_seq"] = gap.ReceivedVenueSequence,
                };
                if (!Add(row, record.Sequence)) break;
            }
        }
        bool Add(JsonObject row, long sequence)
        {
            if (rows.Count < size)
            {
                rows.Add((row, sequence));
                return true;
            }
            nextSequence = sequence;
            return false;
        }
        var truncated = nextSequence != 0;
        var meta = new ResultMeta(rows.Count, truncated ? null : rows.Count, truncated, truncated ? Cursor.Encode(Tool, nextSequence) : null,
            budgetHit ? "scan budget reached; continue with next_cursor" : null);
        return ToolResults.List(rows, r => r.Row, r => r.Row.ToJsonString(), $"{Tool} {feed}: {gaps} gap records, {silences} silences >= {min_silence}",
            meta, i => Cursor.Encode(Tool, rows[i].Sequence), data.Options.Caps.MaxResultChars);
    });
}
