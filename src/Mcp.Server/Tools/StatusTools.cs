using System.ComponentModel;
using System.Text.Json.Nodes;
using Market.Core.Bus;
using Market.Core.Hosting;
using Market.Core.Journal;
using Mcp.Server.Data;
using Mcp.Server.Results;
using Mcp.Server.Status;
using Mcp.Server.Validation;
using Microsoft.Extensions.DependencyInjection;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace Mcp.Server.Tools;

/// <summary><c>system_status</c>: feeds, journals, bus, this server, and sections other components add.</summary>
public sealed class StatusTools(MarketData data, ServerStats stats, RateLimiter limiter, IServiceProvider services)
{
    /// <summary>The system's health now.</summary>
    /// <returns>The status.</returns>
    [McpServerTool(Name = "system_status", ReadOnly = true, Destructive = false, Idempotent = true, OpenWorld = false)]
    [Description("Health now: feeds (state, rates, lag, reconnects, dead letters; when the core runs in this process), journals (size, last sequence, durable watermark), bus, this server (clients, calls, rate limits), runtime sections.")]
    public CallToolResult SystemStatus() => ToolRun.Safely(() =>
    {
        var board = services.GetService<FeedStatusBoard>();
        var feeds = board?.Read().Select(FeedJson).ToList();
        var journals = data.Feeds().Select(JournalJson).ToList();
        var sections = new JsonObject();
        foreach (var section in services.GetServices<IStatusSection>()) sections[section.Name] = section.Read();
        var result = new JsonObject
        {
            ["feeds"] = feeds is null ? null : new JsonArray([.. feeds]),
            ["feeds_note"] = board is null ? "the market core is not running in this process: feed health is unavailable here (journals below are read from disk)" : null,
            ["journals"] = new JsonArray([.. journals]),
            ["bus"] = services.GetService<IBus>() is { } bus ? new JsonObject { ["kind"] = bus is InProcessBus ? "in-process" : bus.GetType().Name } : null,
            ["server"] = new JsonObject
            {
                ["environment"] = data.Options.Environment,
                ["groups"] = data.Options.Groups.ToString().ToLowerInvariant(),
                ["clients"] = stats.Clients,
                ["calls"] = new JsonObject([.. stats.Calls.Select(c => KeyValuePair.Create(c.Key, (JsonNode?)c.Value))]),
                ["rejected_calls"] = stats.Rejected,
                ["rate_limited_calls"] = limiter.Refused,
                ["rate_limit"] = new JsonObject { ["calls_per_minute"] = limiter.Options.CallsPerMinute, ["burst"] = limiter.Options.Burst },
            },
            ["sections"] = sections,
        };
        var lines = (feeds ?? []).Select(f => $"feed {f["feed"]} {f["state"]} {f["events_per_second"]}/s lag_p99={f["lag_p99_ms"]}ms reconnects={f["reconnects"]}")
            .Concat(journals.Select(j => $"journal {j["feed"]} last_seq={j["last_seq"]} bytes={j["bytes"]} last={j["last"]}"));
        return ToolResults.Object(result, $"system_status: {journals.Count} journals, {feeds?.Count.ToString() ?? "no"} live feeds, {stats.Clients} clients", lines: lines);
    });

    private static JsonNode FeedJson(FeedStatus s) => new JsonObject
    {
        ["feed"] = s.Feed,
        ["kind"] = s.Kind,
        ["state"] = s.State.ToString().ToLowerInvariant(),
        ["events"] = s.Events,
        ["events_per_second"] = Math.Round(s.EventsPerSecond, 1),
        ["lag_p50_ms"] = Math.Round(s.LagP50Nanos / 1e6, 3),
        ["lag_p99_ms"] = Math.Round(s.LagP99Nanos / 1e6, 3),
        ["gaps"] = s.Gaps,
        ["reconnects"] = s.Reconnects,
        ["dead_letters"] = s.DeadLetters,
        ["published"] = s.Published,
        ["error"] = s.Error,
    };

    private JsonObject JournalJson(string feed)
    {
        var journal = data.Journal("system_status", feed);
        var chunks = JournalInspector.Inspect(journal.Directory);
        var span = MarketData.Span(journal);
        return new JsonObject
        {
            ["feed"] = feed,
            ["chunks"] = chunks.Count,
            ["bytes"] = chunks.Sum(c => c.Bytes),
            ["first_seq"] = journal.FirstSequence,
            ["last_seq"] = journal.LastSequence,
            ["durable_seq"] = journal.DurableSequence,
            ["first"] = Json.Time(span?.First),
            ["last"] = Json.Time(span?.Last),
            ["unhealthy_chunks"] = chunks.Count(c => c.Status is not ("ok" or "active")),
        };
    }
}
