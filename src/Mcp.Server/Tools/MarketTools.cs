using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text.Json.Nodes;
using Market.Core.Books;
using Market.Core.Journal;
using Mcp.Server.Data;
using Mcp.Server.Results;
using Mcp.Server.Validation;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;
using Signals.Library;

#pragma warning disable CA1707 // tool parameters are snake_case on the wire, and the SDK takes their names from C#

namespace Mcp.Server.Tools;

/// <summary><c>list_markets</c> and <c>get_market</c>: what can be queried, and one market's summary.</summary>
public sealed class MarketTools(MarketData data, InventoryCache inventory)
{
    /// <summary>A market with an event within this long of its feed's last event is <c>active</c>.</summary>
    public const long ActiveWindowNanos = 15 * 60_000_000_000L;

    /// <summary>Lists markets (feed and symbol) with their time span, event count and status.</summary>
    /// <param name="query">Substring filter.</param>
    /// <param name="feed">Feed filter.</param>
    /// <param name="status">Status filter.</param>
    /// <param name="limit">Page size.</param>
    /// <param name="cursor">Page cursor.</param>
    /// <returns>The page.</returns>
    [McpServerTool(Name = "list_markets", ReadOnly = true, Destructive = false, Idempotent = true, OpenWorld = false)]
    [Description("List markets (feed + symbol) with first/last event time, event count and status. Start here.")]
    public CallToolResult ListMarkets(
        [Description("Case-insensitive substring of the symbol, e.g. BTC")][MaxLength(64)] string? query = null,
        [Description("Only this feed")][MaxLength(64)] string? feed = null,
        [Description("active: an event in the feed's last 15 min of data; quiet: none")][AllowedValues("any", "active", "quiet")] string status = "any",
        [Description("Page size")][Range(1, 1000)] int limit = 100,
        [Description("meta.next_cursor of the previous page")][MaxLength(200)] string? cursor = null) => ToolRun.Safely(() =>
    {
        const string Tool = "list_markets";
        var size = TimeArgs.Limit(Tool, limit, data.Options.Caps);
        var offset = (int)Math.Clamp(Cursor.Decode(Tool, cursor) ?? 0, 0, int.MaxValue);
        var feeds = feed is null ? data.Feeds() : [data.Journal(Tool, feed).Feed];
        var rows = new List<MarketRow>();
        foreach (var f in feeds)
        {
            var journal = data.Journal(Tool, f);
            var feedInventory = inventory.Get(Tool, f);
            var feedLast = feedInventory.Cells.Values.Select(c => c.Last).DefaultIfEmpty(long.MinValue).Max();
            foreach (var (id, symbol) in journal.Symbols.All())
            {
                if (query is not null && !symbol.Contains(query, StringComparison.OrdinalIgnoreCase)) continue;
                var total = feedInventory.Total(id);
                var active = total is not null && total.Last >= feedLast - ActiveWindowNanos;
                if ((status == "active" && !active) || (status == "quiet" && active)) continue;
                rows.Add(new MarketRow(f, symbol, total, active));
            }
        }
        var page = rows.Skip(offset).Take(size).ToList();
        var meta = ResultMeta.Page(Tool, offset, page.Count, rows.Count);
        return ToolResults.List(page, r => r.ToJson(), r => r.ToLine(), $"{Tool}: markets", meta,
            i => Cursor.Encode(Tool, offset + i), data.Options.Caps.MaxResultChars);
    });

    /// <summary>One market's summary.</summary>
    /// <param name="feed">The feed.</param>
    /// <param name="symbol">The symbol.</param>
    /// <param name="as_of">Point-in-time view.</param>
    /// <returns>The summary.</returns>
    [McpServerTool(Name = "get_market", ReadOnly = true, Destructive = false, Idempotent = true, OpenWorld = false)]
    [Description("One market's summary: first/last event time, event counts by kind, last trade, top of book.")]
    public CallToolResult GetMarket(
        [Description("Feed, from list_markets")][MaxLength(64)] string feed,
        [Description("Symbol, exact, e.g. BTC-USD")][MaxLength(128)] string symbol,
        [Description("Point-in-time view: ignore everything received after this time")][MaxLength(64)] string? as_of = null) => ToolRun.Safely(() =>
    {
        const string Tool = "get_market";
        var asOf = TimeArgs.Instant(Tool, "as_of", as_of, data.Now);
        var journal = data.Journal(Tool, feed);
        var id = MarketData.Instrument(Tool, journal, symbol);
        var cell = Counts(Tool, journal, id, asOf);
        var end = asOf is { } a ? MarketData.SequenceAt(journal, a == long.MaxValue ? a : a + 1) : MarketData.SequenceAt(journal, long.MaxValue);
        var lastTrade = LastTrade(journal, id, end);
        var book = BookHistory.BookAt(journal, id, asOf ?? long.MaxValue);
        var counts = new JsonObject();
        if (cell is not null)
        {
            for (var k = 1; k < cell.Counts.Length; k++)
            {
                if (cell.Counts[k] > 0) counts[Json.Kind((EventKind)k)] = cell.Counts[k];
            }
        }
        var top = new JsonObject
        {
            ["bid"] = Json.Decimal(book.BestBid?.Price),
            ["bid_size"] = Json.Decimal(book.BestBid?.Size),
            ["ask"] = Json.Decimal(book.BestAsk?.Price),
            ["ask_size"] = Json.Decimal(book.BestAsk?.Size),
            ["spread"] = Json.Decimal(book.Spread),
            ["mid"] = Json.Decimal(book.Mid),
            ["bid_levels"] = book.BidCount,
            ["ask_levels"] = book.AskCount,
        };
        var result = new JsonObject
        {
            ["feed"] = feed,
            ["symbol"] = symbol,
            ["first"] = Json.Time(cell?.First),
            ["last"] = Json.Time(cell?.Last),
            ["events"] = counts,
            ["last_trade"] = lastTrade is { } t ? TradeTools.TradeJson(t.Trade, t.Sequence) : null,
            ["top_of_book"] = top,
            ["as_of"] = Json.Time(asOf),
        };
        var summary = $"get_market {feed} {symbol}: {cell?.Events ?? 0} events {Json.Time(cell?.First)?.ToString() ?? "-"} .. {Json.Time(cell?.Last)?.ToString() ?? "-"}; " +
            $"last trade {(lastTrade is { } lt ? Json.Decimal(lt.Trade.Price) : "none")}; bid {Json.Decimal(book.BestBid?.Price)?.ToString() ?? "-"} ask {Json.Decimal(book.BestAsk?.Price)?.ToString() ?? "-"}";
        return ToolResults.Object(result, summary);
    });

    /// <summary>Event counts of an instrument, up to <paramref name="asOf"/> when given: whole days from the cache, the last day read.</summary>
    private DayCell? Counts(string tool, IJournal journal, uint id, long? asOf)
    {
        var feedInventory = inventory.Get(tool, journal.Feed);
        if (asOf is not { } cut) return feedInventory.Total(id);
        var cutDay = FeedInventory.DayOf(cut);
        DayCell? total = null;
        foreach (var (key, cell) in feedInventory.Cells)
        {
            if (key.Instrument != id || key.Day >= cutDay) continue;
            total ??= new DayCell();
            total.Merge(cell);
        }
        using var reader = journal.OpenReader();
        reader.SeekToTime((long)cutDay * FeedInventory.DayNanos);
        while (reader.TryRead(out var record) && record.TsRecv <= cut)
        {
            if (record.InstrumentId != id) continue;
            total ??= new DayCell();
            total.Add(record.Kind, record.TsRecv, 0);
        }
        return total;
    }

    private (Trade Trade, long Sequence)? LastTrade(IJournal journal, uint id, long endSequence)
    {
        var found = MarketData.LastMatching(journal, endSequence, 1, (in JournalRecord r) => r.Kind == EventKind.Trade && r.InstrumentId == id, data.Options.Caps.ScanBudget);
        if (found.Count == 0) return null;
        using var reader = journal.OpenReader();
        reader.SeekToSequence(found[0]);
        if (!reader.TryRead(out var record)) return null;
        return Trade.TryReadPayload(record.Payload, new EventHeader(record.InstrumentId, record.TsEvent, record.TsRecv), out var trade) ? (trade, record.Sequence) : null;
    }

    private sealed record MarketRow(string Feed, string Symbol, DayCell? Cell, bool Active)
    {
        public JsonNode ToJson() => new JsonObject
        {
            ["feed"] = Feed,
            ["symbol"] = Symbol,
            ["first"] = Json.Time(Cell?.First),
            ["last"] = Json.Time(Cell?.Last),
            ["events"] = Cell?.Events ?? 0,
            ["trades"] = Cell?.Counts[(int)EventKind.Trade] ?? 0,
            ["status"] = Active ? "active" : "quiet",
        };

        public string ToLine() => $"{Feed} {Symbol} {(Active ? "active" : "quiet")} events={Cell?.Events ?? 0} last={Json.Time(Cell?.Last)?.ToString() ?? "-"}";
    }
}
