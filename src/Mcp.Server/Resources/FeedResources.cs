using System.ComponentModel;
using System.Text.Json;
using System.Text.Json.Nodes;
using Market.Core.Feeds.Config;
using Mcp.Server.Data;
using Mcp.Server.Results;
using ModelContextProtocol;
using ModelContextProtocol.Server;

namespace Mcp.Server.Resources;

/// <summary>
/// <c>deepwater://feeds/{feed}</c>: a feed's definition (from <c>feeds/*.yaml</c>) and what its
/// journal holds. Credentials appear only as references (<c>env:NAME</c>, <c>file:PATH</c>) and
/// URLs without their query strings: nothing secret leaves the server.
/// </summary>
[McpServerResourceType]
public sealed class FeedResources(MarketData data)
{
    private const int MaxSymbols = 50;

    /// <summary>A feed's configuration and inventory summary.</summary>
    /// <param name="feed">The feed.</param>
    /// <returns>JSON.</returns>
    [McpServerResource(UriTemplate = "deepwater://feeds/{feed}", Name = "feed", MimeType = "application/json")]
    [Description("A feed's configuration (credentials as references only) and a summary of its journal: span, sequences, symbols.")]
    public string Feed([Description("Feed name, from list_markets")] string feed)
    {
        var result = new JsonObject { ["feed"] = feed, ["config"] = Config(feed) };
        try
        {
            var journal = data.Journal("deepwater://feeds", feed);
            var span = MarketData.Span(journal);
            var symbols = journal.Symbols.All().Select(p => p.Value).ToList();
            result["journal"] = new JsonObject
            {
                ["first"] = Json.Time(span?.First),
                ["last"] = Json.Time(span?.Last),
                ["first_seq"] = journal.FirstSequence,
                ["last_seq"] = journal.LastSequence,
                ["symbols"] = symbols.Count,
                ["symbol_list"] = new JsonArray([.. symbols.Take(MaxSymbols).Select(s => (JsonNode)s)]),
                ["symbols_note"] = symbols.Count > MaxSymbols ? $"first {MaxSymbols}; list_markets pages the rest" : null,
            };
        }
        catch (ToolError e) when (e.Code == ErrorCodes.UnknownFeed)
        {
            if (result["config"] is null) throw new McpException($"{e.Code}: {e.Message}. Hint: {e.Hint}");
            result["journal"] = null;
            result["journal_note"] = "no journal recorded for this feed in this environment";
        }
        return result.ToJsonString(new JsonSerializerOptions { WriteIndented = true });
    }

    private JsonNode? Config(string feed)
    {
        if (data.Options.ConfigDirectory is not { } root || !Directory.Exists(Path.Combine(root, "feeds"))) return null;
        var definition = FeedConfiguration.Load(root).Feeds.FirstOrDefault(f => f.Name == feed);
        if (definition is null) return null;
        return new JsonObject
        {
            ["kind"] = definition.Kind,
            ["venue"] = definition.Venue,
            ["endpoints"] = new JsonObject([.. definition.Endpoints.Select(e => KeyValuePair.Create(e.Key, (JsonNode?)WithoutQuery(e.Value)))]),
            ["channels"] = new JsonArray([.. definition.Channels.Select(c => (JsonNode)c)]),
            ["symbols"] = new JsonArray([.. definition.Symbols.Take(MaxSymbols).Select(s => (JsonNode)s)]),
            ["credentials"] = new JsonObject([.. definition.Credentials.Select(c => KeyValuePair.Create(c.Key, (JsonNode?)c.Value.ToString()))]),
            ["source"] = Path.GetFileName(definition.Source),
        };
    }

    private static string WithoutQuery(string url)
    {
        var q = url.IndexOf('?', StringComparison.Ordinal);
        return q < 0 ? url : url[..q];
    }
}
