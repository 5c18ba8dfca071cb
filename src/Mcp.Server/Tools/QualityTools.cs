using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text.Json.Nodes;
using Market.Core.Feeds;
using Mcp.Server.Data;
using Mcp.Server.Results;
using Mcp.Server.Validation;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;
using Signals.Library;

namespace Mcp.Server.Tools;

/// <summary><c>data_quality</c>: how trustworthy one feed's day of data is.</summary>
public sealed class QualityTools(MarketData data, InventoryCache inventory)
{
    // Lag percentiles come from at most this many samples, taken evenly, so a busy day costs bounded memory.
    private const int MaxLagSamples = 1_000_000;

    /// <summary>One day's quality figures.</summary>
    /// <param name="feed">The feed.</param>
    /// <param name="day">The day.</param>
    /// <returns>The figures.</returns>
    [McpServerTool(Name = "data_quality", ReadOnly = true, Destructive = false, Idempotent = true, OpenWorld = false)]
    [Description("One feed's UTC day: events by kind, symbols, gap records by reason, out-of-order events (exchange time going back per symbol), receive lag percentiles (ms), dead letters by reason.")]
    public CallToolResult DataQuality(
        [Description("Feed, from list_markets")][MaxLength(64)] string feed,
        [Description("Any time in the UTC day, e.g. 2026-08-10 or now-1d; default: the last day with data")][MaxLength(64)] string? day = null) => ToolRun.Safely(() =>
    {
        const string Tool = "data_quality";
        var dayTs = TimeArgs.Instant(Tool, "day", day, data.Now);
        var journal = data.Journal(Tool, feed);
        var dayNumber = dayTs is { } d ? FeedInventory.DayOf(d)
            : inventory.Get(Tool, feed).Cells.Keys.Select(k => k.Day).DefaultIfEmpty(FeedInventory.DayOf(data.Now)).Max();
        var start = dayNumber * FeedInventory.DayNanos;
        var end = start + FeedInventory.DayNanos;

        var counts = new long[8];
        var gapsByReason = new SortedDictionary<string, long>(StringComparer.Ordinal);
        var lastEventTime = new Dictionary<uint, long>();
        var symbols = new HashSet<uint>();
        var lags = new List<long>();
        long outOfOrder = 0, scanned = 0;
        var budgetHit = false;
        using (var reader = journal.OpenReader())
        {
            reader.SeekToTime(start);
            while (reader.TryRead(out var record) && record.TsRecv < end)
            {
                if (++scanned > data.Options.Caps.ScanBudget)
                {
                    budgetHit = true;
                    break;
                }
                counts[(int)record.Kind & 7]++;
                if (record.InstrumentId != 0) symbols.Add(record.InstrumentId);
                if (record.Kind == EventKind.Gap && Gap.TryReadPayload(record.Payload, new EventHeader(record.InstrumentId, record.TsEvent, record.TsRecv), out var gap))
                {
                    gapsByReason[gap.Reason.ToString()] = gapsByReason.GetValueOrDefault(gap.Reason.ToString()) + 1;
                }
                if (record.Kind is EventKind.Trade or EventKind.BookDelta or EventKind.Quote)
                {
                    if (lastEventTime.TryGetValue(record.InstrumentId, out var previous) && record.TsEvent < previous) outOfOrder++;
                    lastEventTime[record.InstrumentId] = Math.Max(previous, record.TsEvent);
                    if (lags.Count < MaxLagSamples) lags.Add(record.TsRecv - record.TsEvent);
                }
            }
        }
        lags.Sort();
        var events = new JsonObject();
        for (var k = 1; k < counts.Length; k++)
        {
            if (counts[k] > 0) events[Json.Kind((EventKind)k)] = counts[k];
        }
        var (deadTotal, deadByReason) = DeadLetters(feed, start, end);
        var result = new JsonObject
        {
            ["feed"] = feed,
            ["day"] = FeedInventory.DateOf(dayNumber),
            ["events"] = events,
            ["symbols"] = symbols.Count,
            ["gaps"] = new JsonObject { ["total"] = gapsByReason.Values.Sum(), ["by_reason"] = ToJson(gapsByReason) },
            ["out_of_order"] = outOfOrder,
            ["lag_ms"] = lags.Count == 0 ? null : new JsonObject
            {
                ["p50"] = Ms(Percentile(lags, 0.50)),
                ["p90"] = Ms(Percentile(lags, 0.90)),
                ["p99"] = Ms(Percentile(lags, 0.99)),
                ["max"] = Ms(lags[^1]),
                ["samples"] = lags.Count,
            },
            ["dead_letters"] = new JsonObject { ["total"] = deadTotal, ["by_reason"] = ToJson(deadByReason) },
        };
        var note = budgetHit ? "scan budget reached: figures cover the start of the day only" : null;
        var summary = $"{Tool} {feed} {result["day"]}: {counts.Sum()} events, {symbols.Count} symbols, {gapsByReason.Values.Sum()} gaps, {outOfOrder} out of order, " +
            $"lag p50/p99 {result["lag_ms"]?["p50"]?.ToString() ?? "-"}/{result["lag_ms"]?["p99"]?.ToString() ?? "-"} ms, {deadTotal} dead letters";
        return ToolResults.Object(result, summary, new ResultMeta(1, 1, budgetHit, null, note));
    });

    private (long Total, SortedDictionary<string, long> ByReason) DeadLetters(string feed, long start, long end)
    {
        var byReason = new SortedDictionary<string, long>(StringComparer.Ordinal);
        var path = Path.Combine(data.DirectoryOf(feed), DeadLetterStore.FileName);
        if (!File.Exists(path)) return (0, byReason);
        foreach (var letter in DeadLetterStore.Read(path))
        {
            if (letter.TsRecv < start || letter.TsRecv >= end) continue;
            byReason[letter.Reason] = byReason.GetValueOrDefault(letter.Reason) + 1; // counts only: raw bytes never leave the server
        }
        return (byReason.Values.Sum(), byReason);
    }

    private static JsonObject ToJson(SortedDictionary<string, long> counts) => new([.. counts.Select(c => KeyValuePair.Create(c.Key, (JsonNode?)c.Value))]);

    private static long Percentile(List<long> sorted, double p) => sorted[Math.Min(sorted.Count - 1, (int)Math.Floor(p * sorted.Count))];

    private static double Ms(long nanos) => Math.Round(nanos / 1e6, 3);
}
