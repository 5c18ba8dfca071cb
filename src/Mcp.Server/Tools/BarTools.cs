using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text.Json.Nodes;
using Mcp.Server.Data;
using Mcp.Server.Results;
using Mcp.Server.Validation;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;
using Signals.Library;
using Signals.Library.State;

#pragma warning disable CA1707 // tool parameters are snake_case on the wire, and the SDK takes their names from C#

namespace Mcp.Server.Tools;

/// <summary><c>get_bars</c>: OHLCV computed from the journal's trades.</summary>
public sealed class BarTools(MarketData data)
{
    private static readonly Dictionary<string, long> Intervals = new(StringComparer.Ordinal)
    {
        ["1s"] = 1_000_000_000L, ["5s"] = 5_000_000_000L, ["15s"] = 15_000_000_000L, ["30s"] = 30_000_000_000L,
        ["1m"] = 60_000_000_000L, ["5m"] = 300_000_000_000L, ["15m"] = 900_000_000_000L, ["30m"] = 1_800_000_000_000L,
        ["1h"] = 3_600_000_000_000L, ["4h"] = 14_400_000_000_000L, ["1d"] = 86_400_000_000_000L,
    };

    /// <summary>OHLCV bars.</summary>
    /// <param name="feed">The feed.</param>
    /// <param name="symbol">The symbol.</param>
    /// <param name="interval">Bar length.</param>
    /// <param name="from">Range start.</param>
    /// <param name="to">Range end.</param>
    /// <param name="as_of">Point-in-time cut.</param>
    /// <param name="limit">Bars at most.</param>
    /// <param name="cursor">Page cursor.</param>
    /// <returns>The bars.</returns>
    [McpServerTool(Name = "get_bars", ReadOnly = true, Destructive = false, Idempotent = true, OpenWorld = false)]
    [Description("OHLCV bars from the journal's trades, bucketed on exchange time, stamped at close (t). Bars without trades are omitted. Default range: the last `limit` intervals of data.")]
    public CallToolResult GetBars(
        [Description("Feed, from list_markets")][MaxLength(64)] string feed,
        [Description("Symbol, exact")][MaxLength(128)] string symbol,
        [Description("Bar length")][AllowedValues("1s", "5s", "15s", "30s", "1m", "5m", "15m", "30m", "1h", "4h", "1d")] string interval = "1m",
        [Description("Start (inclusive, receive time)")][MaxLength(64)] string? from = null,
        [Description("End (exclusive); default: end of data")][MaxLength(64)] string? to = null,
        [Description("Point-in-time cut: no trade received after it")][MaxLength(64)] string? as_of = null,
        [Description("Bars at most")][Range(1, 1000)] int limit = 100,
        [Description("meta.next_cursor of the previous page")][MaxLength(200)] string? cursor = null) => ToolRun.Safely(() =>
    {
        const string Tool = "get_bars";
        var now = data.Now;
        var size = TimeArgs.Limit(Tool, limit, data.Options.Caps);
        if (!Intervals.TryGetValue(interval, out var step))
        {
            throw new ToolError(ErrorCodes.InvalidArgument, $"{Tool}: interval '{interval}' is not supported", $"pass 'interval' as one of: {string.Join(", ", Intervals.Keys)}");
        }
        var fromTs = TimeArgs.Instant(Tool, "from", from, now);
        var toTs = TimeArgs.Instant(Tool, "to", to, now);
        var asOf = TimeArgs.Instant(Tool, "as_of", as_of, now);
        var journal = data.Journal(Tool, feed);
        var id = MarketData.Instrument(Tool, journal, symbol);
        var end = Math.Min(toTs ?? long.MaxValue, asOf is { } a && a < long.MaxValue ? a + 1 : long.MaxValue);
        var dataEnd = (MarketData.Span(journal)?.Last ?? 0) + 1;
        var effectiveEnd = Math.Min(end, dataEnd);
        var start = Cursor.Decode(Tool, cursor) ?? fromTs ?? Floor(effectiveEnd - 1, step) - (size - 1) * step;
        TimeArgs.Ordered(Tool, start, end);

        var bars = new SortedDictionary<long, Acc>();
        using var reader = journal.OpenReader();
        reader.SeekToTime(start);
        long scanned = 0;
        var budgetHit = false;
        while (reader.TryRead(out var record) && record.TsRecv < end)
        {
            if (++scanned > data.Options.Caps.ScanBudget)
            {
                budgetHit = true;
                break;
            }
            if (record.Kind != EventKind.Trade || record.InstrumentId != id) continue;
            if (!Trade.TryReadPayload(record.Payload, new EventHeader(record.InstrumentId, record.TsEvent, record.TsRecv), out var trade)) continue;
            var open = Floor(trade.TsEvent, step);
            if (!bars.TryGetValue(open, out var acc)) bars[open] = acc = new Acc(trade.Price);
            acc.Add(trade.Price, trade.Size);
        }
        var all = bars.Select(b => b.Value.ToBar(b.Key, step)).ToList();
        var rows = all.Take(size).ToList();
        var truncated = all.Count > size || budgetHit;
        string? next = all.Count > size ? Cursor.Encode(Tool, rows[^1].CloseTime) : budgetHit ? Cursor.Encode(Tool, Floor(all.Count > 0 ? all[^1].OpenTime : start, step)) : null;
        var note = budgetHit ? "scan budget reached; continue with next_cursor" : rows.Count > 0 && rows[^1].CloseTime > effectiveEnd ? "the last bar is still open (its close is after the data's end)" : null;
        var meta = new ResultMeta(rows.Count, budgetHit ? null : all.Count, truncated, next, note);
        return ToolResults.List(rows, BarJson, b => $"{Json.Time(b.CloseTime)} O{Json.Decimal(b.Open)} H{Json.Decimal(b.High)} L{Json.Decimal(b.Low)} C{Json.Decimal(b.Close)} V{Json.Decimal(b.Volume)} n{b.Trades}",
            $"{Tool} {feed} {symbol} {interval}: t(close) O H L C V n", meta, i => Cursor.Encode(Tool, rows[i].OpenTime), data.Options.Caps.MaxResultChars);
    });

    private static long Floor(long t, long step) => t - (((t % step) + step) % step);

    private static JsonObject BarJson(Bar bar) => new()
    {
        ["t"] = Json.Time(bar.CloseTime),
        ["open"] = Json.Decimal(bar.Open),
        ["high"] = Json.Decimal(bar.High),
        ["low"] = Json.Decimal(bar.Low),
        ["close"] = Json.Decimal(bar.Close),
        ["volume"] = Json.Decimal(bar.Volume),
        ["trades"] = bar.Trades,
    };

    private sealed class Acc(long open)
    {
        private long _high = long.MinValue, _low = long.MaxValue, _close, _volume;
        private int _trades;

        public void Add(long price, long size)
        {
            _high = Math.Max(_high, price);
            _low = Math.Min(_low, price);
            _close = price;
            _volume += size;
            _trades++;
        }

        public Bar ToBar(long openTime, long step) => new(openTime, openTime + step, open, _high, _low, _close, _volume, _trades);
    }
}
