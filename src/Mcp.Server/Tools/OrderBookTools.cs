using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Text.Json.Nodes;
using Market.Core.Books;
using Mcp.Server.Data;
using Mcp.Server.Results;
using Mcp.Server.Validation;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;
using Signals.Library;
using Signals.Library.Book;

namespace Mcp.Server.Tools;

/// <summary><c>get_orderbook</c> and <c>replay_orderbook</c>: the book at any past instant, and how it moved.</summary>
public sealed class OrderBookTools(MarketData data)
{
    /// <summary>The book at an instant.</summary>
    /// <param name="feed">The feed.</param>
    /// <param name="symbol">The symbol.</param>
    /// <param name="at">The instant.</param>
    /// <param name="depth">Levels per side.</param>
    /// <returns>The book.</returns>
    [McpServerTool(Name = "get_orderbook", ReadOnly = true, Destructive = false, Idempotent = true, OpenWorld = false)]
    [Description("The order book as it stood at any instant (every event received up to `at`), best levels first, [price, size] pairs.")]
    public CallToolResult GetOrderBook(
        [Description("Feed, from list_markets")][MaxLength(64)] string feed,
        [Description("Symbol, exact")][MaxLength(128)] string symbol,
        [Description("Instant; default: end of data")][MaxLength(64)] string? at = null,
        [Description("Levels per side")][Range(1, 100)] int depth = 10) => ToolRun.Safely(() =>
    {
        const string Tool = "get_orderbook";
        var atTs = TimeArgs.Instant(Tool, "at", at, data.Now);
        var journal = data.Journal(Tool, feed);
        var id = MarketData.Instrument(Tool, journal, symbol);
        var book = BookHistory.BookAt(journal, id, atTs ?? long.MaxValue, out var info);
        var bids = Levels(book, BookSide.Bid, depth);
        var asks = Levels(book, BookSide.Ask, depth);
        var result = new JsonObject
        {
            ["feed"] = feed,
            ["symbol"] = symbol,
            ["at"] = Json.Time(atTs ?? MarketData.Span(journal)?.Last),
            ["last_update"] = book.LastUpdate == 0 ? null : Json.Time(book.LastUpdate),
            ["best_bid"] = Json.Decimal(book.BestBid?.Price),
            ["best_ask"] = Json.Decimal(book.BestAsk?.Price),
            ["spread"] = Json.Decimal(book.Spread),
            ["mid"] = Json.Decimal(book.Mid),
            ["crossed"] = book.IsCrossed,
            ["bid_levels"] = book.BidCount,
            ["ask_levels"] = book.AskCount,
            ["bids"] = LevelsJson(bids),
            ["asks"] = LevelsJson(asks),
            ["replay"] = new JsonObject { ["snapshot_seq"] = info.SnapshotSequence, ["deltas_applied"] = info.DeltasApplied },
        };
        var total = book.BidCount + book.AskCount;
        var meta = new ResultMeta(bids.Length + asks.Length, total, bids.Length + asks.Length < total, null,
            bids.Length + asks.Length < total ? "levels beyond depth left out; raise depth for more" : total == 0 ? "empty book: no book data for this market up to that instant" : null);
        var lines = Enumerable.Range(0, Math.Max(bids.Length, asks.Length)).Select(i =>
            $"{(i < bids.Length ? $"{Json.Decimal(bids[i].Size)} @ {Json.Decimal(bids[i].Price)}" : "-")} | {(i < asks.Length ? $"{Json.Decimal(asks[i].Price)} x {Json.Decimal(asks[i].Size)}" : "-")}");
        return ToolResults.Object(result, $"{Tool} {feed} {symbol} at {result["at"]}: bid size @ price | ask price x size", meta, lines);
    });

    /// <summary>A series of book summaries.</summary>
    /// <param name="feed">The feed.</param>
    /// <param name="symbol">The symbol.</param>
    /// <param name="from">Start.</param>
    /// <param name="to">End.</param>
    /// <param name="step">Sampling step.</param>
    /// <param name="depth">Levels summed.</param>
    /// <param name="limit">Points at most.</param>
    /// <param name="cursor">Page cursor.</param>
    /// <returns>The series.</returns>
    [McpServerTool(Name = "replay_orderbook", ReadOnly = true, Destructive = false, Idempotent = true, OpenWorld = false)]
    [Description("How a book moved: one summary per step (best bid/ask, sizes, spread, mid, size within depth levels, imbalance). Default range: the last `limit` steps of data.")]
    public CallToolResult ReplayOrderBook(
        [Description("Feed, from list_markets")][MaxLength(64)] string feed,
        [Description("Symbol, exact")][MaxLength(128)] string symbol,
        [Description("First sample instant")][MaxLength(64)] string? from = null,
        [Description("End (exclusive); default: end of data")][MaxLength(64)] string? to = null,
        [Description("Time between samples, e.g. 1s, 1m")][MaxLength(32)] string step = "1m",
        [Description("Levels per side summed into bid_depth/ask_depth and imbalance")][Range(1, 50)] int depth = 5,
        [Description("Samples at most")][Range(1, 1000)] int limit = 100,
        [Description("meta.next_cursor of the previous page")][MaxLength(200)] string? cursor = null) => ToolRun.Safely(() =>
    {
        const string Tool = "replay_orderbook";
        var now = data.Now;
        var size = TimeArgs.Limit(Tool, limit, data.Options.Caps);
        var stepNs = TimeArgs.Duration(Tool, "step", step)!.Value;
        if (stepNs < 1_000_000) throw new ToolError(ErrorCodes.InvalidArgument, $"{Tool}: step '{step}' is shorter than 1ms", "pass 'step' of 1ms or more, e.g. 1s or 1m");
        var fromTs = TimeArgs.Instant(Tool, "from", from, now);
        var toTs = TimeArgs.Instant(Tool, "to", to, now);
        var journal = data.Journal(Tool, feed);
        var id = MarketData.Instrument(Tool, journal, symbol);
        var dataLast = MarketData.Span(journal)?.Last ?? 0;
        var end = Math.Min(toTs ?? long.MaxValue, dataLast + 1);
        var start = Cursor.Decode(Tool, cursor) ?? fromTs ?? Math.Max(MarketData.Span(journal)?.First ?? 0, end - 1 - (size - 1) * stepNs);
        TimeArgs.Ordered(Tool, start, toTs ?? end);

        var book = BookHistory.BookAt(journal, id, start);
        using var reader = journal.OpenReader();
        reader.SeekToTime(start + 1);
        var points = new List<JsonObject>();
        var sample = start;
        long scanned = 0;
        var budgetHit = false;
        while (sample < end && points.Count < size)
        {
            if (!reader.TryRead(out var record) || record.TsRecv > sample)
            {
                points.Add(Summary(sample, book, depth));
                sample += stepNs;
                if (record.Sequence != 0) reader.SeekToSequence(record.Sequence); // not consumed: apply after this sample
                continue;
            }
            if (++scanned > data.Options.Caps.ScanBudget)
            {
                budgetHit = true;
                break;
            }
            if (record.InstrumentId != id) continue;
            var header = new EventHeader(record.InstrumentId, record.TsEvent, record.TsRecv);
            if (record.Kind == EventKind.BookDelta && BookDelta.TryReadPayload(record.Payload, header, out var delta)) book.Apply(delta);
            else if (record.Kind == EventKind.BookSnapshot && BookSnapshot.TryReadPayload(record.Payload, header, out var snapshot)) book.Apply(snapshot);
        }
        var more = sample < end;
        var remaining = more ? (end - sample + stepNs - 1) / stepNs : 0;
        var meta = new ResultMeta(points.Count, budgetHit ? null : points.Count + remaining, more, more ? Cursor.Encode(Tool, sample) : null,
            budgetHit ? "scan budget reached; continue with next_cursor" : null);
        return ToolResults.List(points, p => p, p => $"{p["t"]} {p["bid"]} / {p["ask"]} spread={p["spread"]} imb={p["imbalance"]}",
            $"{Tool} {feed} {symbol} step {step}: t bid / ask", meta, i => Cursor.Encode(Tool, start + i * stepNs), data.Options.Caps.MaxResultChars);
    });

    private static JsonObject Summary(long t, OrderBook book, int depth) => new()
    {
        ["t"] = Json.Time(t),
        ["bid"] = Json.Decimal(book.BestBid?.Price),
        ["bid_size"] = Json.Decimal(book.BestBid?.Size),
        ["ask"] = Json.Decimal(book.BestAsk?.Price),
        ["ask_size"] = Json.Decimal(book.BestAsk?.Size),
        ["spread"] = Json.Decimal(book.Spread),
        ["mid"] = Json.Decimal(book.Mid),
        ["bid_depth"] = Json.Decimal(book.DepthVolume(BookSide.Bid, depth)),
        ["ask_depth"] = Json.Decimal(book.DepthVolume(BookSide.Ask, depth)),
        ["imbalance"] = book.BidCount + book.AskCount == 0 ? null : Math.Round(book.Imbalance(depth), 4),
    };

    private static BookLevel[] Levels(OrderBook book, BookSide side, int depth)
    {
        var levels = new BookLevel[Math.Min(depth, side == BookSide.Bid ? book.BidCount : book.AskCount)];
        var n = side == BookSide.Bid ? book.GetBids(levels) : book.GetAsks(levels);
        return levels[..n];
    }

    private static JsonArray LevelsJson(BookLevel[] levels) =>
        new([.. levels.Select(l => (JsonNode)new JsonArray(Json.Decimal(l.Price), Json.Decimal(l.Size)))]);

    /// <summary>For tests and the text block: a level as "size @ price".</summary>
    /// <param name="level">The level.</param>
    /// <returns>The text.</returns>
    public static string Show(BookLevel level) => string.Create(CultureInfo.InvariantCulture, $"{Json.Decimal(level.Size)} @ {Json.Decimal(level.Price)}");
}
