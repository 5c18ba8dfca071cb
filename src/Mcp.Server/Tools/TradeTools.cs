using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text.Json.Nodes;
using Market.Core.Journal;
using Mcp.Server.Data;
using Mcp.Server.Results;
using Mcp.Server.Validation;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;
using Signals.Library;

#pragma warning disable CA1707 // tool parameters are snake_case on the wire, and the SDK takes their names from C#

namespace Mcp.Server.Tools;

/// <summary><c>get_trades</c>: trades of one market, exact, paged.</summary>
public sealed class TradeTools(MarketData data)
{
    /// <summary>Trades of one market.</summary>
    /// <param name="feed">The feed.</param>
    /// <param name="symbol">The symbol.</param>
    /// <param name="from">Range start.</param>
    /// <param name="last">Final stretch.</param>
    /// <param name="to">Range end.</param>
    /// <param name="as_of">Point-in-time cut.</param>
    /// <param name="limit">Page size.</param>
    /// <param name="cursor">Page cursor.</param>
    /// <returns>The page.</returns>
    [McpServerTool(Name = "get_trades", ReadOnly = true, Destructive = false, Idempotent = true, OpenWorld = false)]
    [Description("Trades of one market, oldest first, exact prices. Without from/last: the latest `limit` trades.")]
    public CallToolResult GetTrades(
        [Description("Feed, from list_markets")][MaxLength(64)] string feed,
        [Description("Symbol, exact")][MaxLength(128)] string symbol,
        [Description("Start (inclusive, receive time)")][MaxLength(64)] string? from = null,
        [Description("Instead of from: a duration ending at the data's end (or to/as_of), e.g. 15m")][MaxLength(64)] string? last = null,
        [Description("End (exclusive); default: end of data")][MaxLength(64)] string? to = null,
        [Description("Point-in-time cut: nothing received after it")][MaxLength(64)] string? as_of = null,
        [Description("Page size")][Range(1, 1000)] int limit = 100,
        [Description("meta.next_cursor of the previous page")][MaxLength(200)] string? cursor = null) => ToolRun.Safely(() =>
    {
        const string Tool = "get_trades";
        var now = data.Now;
        var size = TimeArgs.Limit(Tool, limit, data.Options.Caps);
        var fromTs = TimeArgs.Instant(Tool, "from", from, now);
        var lastNs = TimeArgs.Duration(Tool, "last", last);
        var toTs = TimeArgs.Instant(Tool, "to", to, now);
        var asOf = TimeArgs.Instant(Tool, "as_of", as_of, now);
        var resume = Cursor.Decode(Tool, cursor);
        if (fromTs is not null && lastNs is not null)
        {
            throw new ToolError(ErrorCodes.InvalidArgument, $"{Tool}: pass 'from' or 'last', not both", "drop 'last' to read from 'from', or drop 'from' for the final stretch");
        }
        var journal = data.Journal(Tool, feed);
        var id = MarketData.Instrument(Tool, journal, symbol);
        var end = Math.Min(toTs ?? long.MaxValue, asOf is { } a && a < long.MaxValue ? a + 1 : long.MaxValue); // exclusive receive time
        if (fromTs is { } f) TimeArgs.Ordered(Tool, f, end);
        bool IsTrade(in JournalRecord r) => r.Kind == EventKind.Trade && r.InstrumentId == id;

        using var reader = journal.OpenReader();
        var latestMode = resume is null && fromTs is null && lastNs is null;
        long? available = null;
        if (resume is { } seq) reader.SeekToSequence(seq);
        else if (fromTs is { } start) reader.SeekToTime(start);
        else if (lastNs is { } span)
        {
            var anchor = end == long.MaxValue ? (MarketData.Span(journal)?.Last ?? 0) : end - 1;
            reader.SeekToTime(anchor - span + 1);
        }
        else
        {
            var found = MarketData.LastMatching(journal, MarketData.SequenceAt(journal, end), size, IsTrade, data.Options.Caps.ScanBudget);
            reader.SeekToSequence(found.Count > 0 ? found[0] : long.MaxValue);
            if (found.Count == 0) reader.SeekToEnd();
        }

        var rows = new List<(Trade Trade, long Sequence)>();
        long matched = 0, scanned = 0, nextSequence = 0;
        var budget = data.Options.Caps.ScanBudget;
        var budgetHit = false;
        while (reader.TryRead(out var record) && record.TsRecv < end)
        {
            if (++scanned > budget)
            {
                budgetHit = true;
                break;
            }
            if (!IsTrade(record)) continue;
            matched++;
            if (rows.Count < size)
            {
                if (Trade.TryReadPayload(record.Payload, new EventHeader(record.InstrumentId, record.TsEvent, record.TsRecv), out var trade)) rows.Add((trade, record.Sequence));
            }
            else if (nextSequence == 0)
            {
                nextSequence = record.Sequence;
                if (latestMode) break;
            }
        }
        if (!budgetHit) available = matched;
        var truncated = nextSequence != 0 || budgetHit;
        var next = nextSequence != 0 ? Cursor.Encode(Tool, nextSequence) : budgetHit ? Cursor.Encode(Tool, reader.NextSequence) : null;
        var note = budgetHit ? "scan budget reached; available unknown, continue with next_cursor" : asOf is not null ? $"as_of {Json.Time(asOf.Value)} applied" : null;
        var meta = new ResultMeta(rows.Count, available, truncated, next, note);
        return ToolResults.List(rows, r => TradeJson(r.Trade, r.Sequence), r => TradeLine(r.Trade), $"{Tool} {feed} {symbol}: ts_event price size side", meta,
            i => Cursor.Encode(Tool, rows[i].Sequence), data.Options.Caps.MaxResultChars);
    });

    /// <summary>A trade as tools show it.</summary>
    /// <param name="trade">The trade.</param>
    /// <param name="sequence">Its journal sequence.</param>
    /// <returns>The JSON.</returns>
    public static JsonObject TradeJson(in Trade trade, long sequence) => new()
    {
        ["ts"] = Json.Time(trade.TsEvent),
        ["recv"] = Json.Time(trade.TsRecv),
        ["price"] = Json.Decimal(trade.Price),
        ["size"] = Json.Decimal(trade.Size),
        ["side"] = Side(trade.Aggressor),
        ["trade_id"] = trade.TradeId,
        ["seq"] = sequence,
    };

    private static string TradeLine(in Trade trade) => $"{Json.Time(trade.TsEvent)} {Json.Decimal(trade.Price)} {Json.Decimal(trade.Size)} {Side(trade.Aggressor) ?? "-"}";

    /// <summary>The aggressor as text.</summary>
    /// <param name="side">The side.</param>
    /// <returns>buy, sell, or null when unknown.</returns>
    public static string? Side(Side side) => side switch
    {
        Signals.Library.Side.Buy => "buy",
        Signals.Library.Side.Sell => "sell",
        _ => null,
    };
}
