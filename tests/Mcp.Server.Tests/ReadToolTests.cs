using System.Text.Json;
using Market.Core.Books;
using Mcp.Server.Results;
using Signals.Library;
using Signals.Library.Book;

namespace Mcp.Server.Tests;

/// <summary>Every read tool's happy path over the real capture, through `deepwater mcp --stdio` as a child process.</summary>
[Collection(McpCollection.Name)]
public sealed class ReadToolTests(McpFixture fixture)
{
    private const string Feed = CaptureJournal.Feed;

    [Fact]
    public async Task GetTrades_WholeRange_ExactlyTheJournalsTradesWithTheCapturesPriceText()
    {
        using var journal = fixture.Data.Open();
        var expected = JournalFacts.Trades(journal, "BTC-USD");
        Assert.NotEmpty(expected);
        var span = JournalFacts.Span(journal);

        // limit 1000 asks for everything; the 20,000-character cap cuts the page and says where to resume.
        var result = await fixture.Stdio.OkAsync("get_trades", new { feed = Feed, symbol = "BTC-USD", from = JournalFacts.Iso(span.First), limit = 1000 });
        var rows = result.Data().EnumerateArray().ToList();
        Assert.Equal(expected.Count, result.Meta().GetProperty("available").GetInt64());
        Assert.Equal(rows.Count < expected.Count, result.Meta().GetProperty("truncated").GetBoolean());
        Assert.Equal(rows.Count, result.Meta().GetProperty("returned").GetInt64());
        for (var cursor = result.Meta().GetProperty("next_cursor").GetString(); cursor is not null;)
        {
            var page = await fixture.Stdio.OkAsync("get_trades", new { feed = Feed, symbol = "BTC-USD", from = JournalFacts.Iso(span.First), limit = 1000, cursor });
            rows.AddRange(page.Data().EnumerateArray());
            cursor = page.Meta().GetProperty("next_cursor").GetString();
        }
        Assert.Equal(expected.Count, rows.Count);
        var capture = File.ReadAllText(CaptureJournal.CapturePath);
        for (var i = 0; i < rows.Count; i++)
        {
            var price = rows[i].GetProperty("price").GetString()!;
            Assert.Equal(FixedPoint.Format(expected[i].Trade.Price), price);
            Assert.Equal(FixedPoint.Format(expected[i].Trade.Size), rows[i].GetProperty("size").GetString());
            Assert.Equal(expected[i].Sequence, rows[i].GetProperty("seq").GetInt64());
            Assert.Contains($"\\\"price\\\":\\\"{price}", capture, StringComparison.Ordinal); // the venue's own text, digit for digit
        }
    }

    [Fact]
    public async Task GetTrades_Paged_PagesJoinToTheWholeWithoutOverlap()
    {
        using var journal = fixture.Data.Open();
        var expected = JournalFacts.Trades(journal, "BTC-USD");
        var span = JournalFacts.Span(journal);
        var seen = new List<long>();
        string? cursor = null;
        do
        {
            var page = await fixture.Stdio.OkAsync("get_trades", new { feed = Feed, symbol = "BTC-USD", from = JournalFacts.Iso(span.First), limit = 7, cursor });
            seen.AddRange(page.Data().EnumerateArray().Select(r => r.GetProperty("seq").GetInt64()));
            cursor = page.Meta().GetProperty("next_cursor").GetString();
            Assert.Equal(cursor is not null, page.Meta().GetProperty("truncated").GetBoolean());
        }
        while (cursor is not null);
        Assert.Equal(expected.Select(e => e.Sequence), seen);
    }

    [Fact]
    public async Task GetTrades_Default_TheLatestLimitTrades()
    {
        using var journal = fixture.Data.Open();
        var expected = JournalFacts.Trades(journal, "ETH-USD");
        var result = await fixture.Stdio.OkAsync("get_trades", new { feed = Feed, symbol = "ETH-USD", limit = 3 });
        Assert.Equal(expected.TakeLast(3).Select(e => e.Sequence), result.Data().EnumerateArray().Select(r => r.GetProperty("seq").GetInt64()));
    }

    [Fact]
    public async Task GetTrades_AsOf_NothingReceivedLaterGetsThrough()
    {
        using var journal = fixture.Data.Open();
        var all = JournalFacts.Trades(journal, "BTC-USD");
        var cut = all[all.Count / 2].Trade.TsRecv;
        var expected = all.Where(t => t.Trade.TsRecv <= cut).ToList();

        var result = await fixture.Stdio.OkAsync("get_trades", new { feed = Feed, symbol = "BTC-USD", from = JournalFacts.Iso(all[0].Trade.TsRecv), as_of = JournalFacts.Iso(cut), limit = 1000 });
        var latest = await fixture.Stdio.OkAsync("get_trades", new { feed = Feed, symbol = "BTC-USD", as_of = JournalFacts.Iso(cut), limit = 5 });
        var market = await fixture.Stdio.OkAsync("get_market", new { feed = Feed, symbol = "BTC-USD", as_of = JournalFacts.Iso(cut) });

        Assert.Equal(expected.Select(e => e.Sequence), result.Data().EnumerateArray().Select(r => r.GetProperty("seq").GetInt64()));
        Assert.All(latest.Data().EnumerateArray(), r => Assert.True(Nanos(r.GetProperty("recv")) <= cut));
        Assert.Equal(expected[^1].Sequence, latest.Data().EnumerateArray().Last().GetProperty("seq").GetInt64());
        Assert.Equal(expected[^1].Sequence, market.Data().GetProperty("last_trade").GetProperty("seq").GetInt64());
        Assert.True(Nanos(market.Data().GetProperty("last")) <= cut);
    }

    [Fact]
    public async Task GetOrderBook_AtInstants_EqualsBookHistoryBookAt()
    {
        using var journal = fixture.Data.Open();
        var span = JournalFacts.Span(journal);
        Assert.True(journal.Symbols.TryGetId("BTC-USD", out var id));
        foreach (var at in new[] { span.First + (span.Last - span.First) / 3, span.First + (span.Last - span.First) * 2 / 3, span.Last })
        {
            var book = BookHistory.BookAt(journal, id, at);
            var result = await fixture.Stdio.OkAsync("get_orderbook", new { feed = Feed, symbol = "BTC-USD", at = JournalFacts.Iso(at), depth = 100 });
            var data = result.Data();
            Assert.Equal(Levels(book, BookSide.Bid).Take(100), data.GetProperty("bids").EnumerateArray().Select(Pair));
            Assert.Equal(Levels(book, BookSide.Ask).Take(100), data.GetProperty("asks").EnumerateArray().Select(Pair));
            Assert.Equal(book.BidCount, data.GetProperty("bid_levels").GetInt32());
            Assert.True(book.BidCount > 0 && book.AskCount > 0);
        }
    }

    [Fact]
    public async Task GetOrderBook_Depth_CutsAndSaysSo()
    {
        var result = await fixture.Stdio.OkAsync("get_orderbook", new { feed = Feed, symbol = "BTC-USD", depth = 3 });
        Assert.Equal(3, result.Data().GetProperty("bids").GetArrayLength());
        Assert.True(result.Meta().GetProperty("truncated").GetBoolean());
        Assert.Equal(6, result.Meta().GetProperty("returned").GetInt64());
    }

    [Fact]
    public async Task ReplayOrderBook_Steps_EachPointIsTheBookAtThatInstant()
    {
        using var journal = fixture.Data.Open();
        var span = JournalFacts.Span(journal);
        Assert.True(journal.Symbols.TryGetId("ETH-USD", out var id));
        var result = await fixture.Stdio.OkAsync("replay_orderbook", new { feed = Feed, symbol = "ETH-USD", from = JournalFacts.Iso(span.First), step = "1s", limit = 50 });
        var points = result.Data().EnumerateArray().ToList();
        Assert.NotEmpty(points);
        foreach (var point in points)
        {
            var book = BookHistory.BookAt(journal, id, Nanos(point.GetProperty("t")));
            Assert.Equal(book.BestBid is { } b ? FixedPoint.Format(b.Price) : null, point.GetProperty("bid").GetString());
            Assert.Equal(book.BestAsk is { } a ? FixedPoint.Format(a.Price) : null, point.GetProperty("ask").GetString());
        }
    }

    [Fact]
    public async Task GetBars_OneSecond_OhlcvFromTheTrades()
    {
        using var journal = fixture.Data.Open();
        var trades = JournalFacts.Trades(journal, "BTC-USD").Select(t => t.Trade).ToList();
        var result = await fixture.Stdio.OkAsync("get_bars", new { feed = Feed, symbol = "BTC-USD", interval = "1s", from = JournalFacts.Iso(trades[0].TsRecv), limit = 1000 });
        var bars = result.Data().EnumerateArray().ToList();
        var expected = trades.GroupBy(t => t.TsEvent / 1_000_000_000).OrderBy(g => g.Key).ToList();
        Assert.Equal(expected.Count, bars.Count);
        for (var i = 0; i < bars.Count; i++)
        {
            var g = expected[i].ToList();
            Assert.Equal(JsonSerializer.Serialize(Json.Time((expected[i].Key + 1) * 1_000_000_000)), bars[i].GetProperty("t").GetRawText());
            Assert.Equal(FixedPoint.Format(g[0].Price), bars[i].GetProperty("open").GetString());
            Assert.Equal(FixedPoint.Format(g.Max(t => t.Price)), bars[i].GetProperty("high").GetString());
            Assert.Equal(FixedPoint.Format(g.Min(t => t.Price)), bars[i].GetProperty("low").GetString());
            Assert.Equal(FixedPoint.Format(g[^1].Price), bars[i].GetProperty("close").GetString());
            Assert.Equal(FixedPoint.Format(g.Sum(t => t.Size)), bars[i].GetProperty("volume").GetString());
            Assert.Equal(g.Count, bars[i].GetProperty("trades").GetInt32());
        }
    }

    [Fact]
    public async Task GetMarket_Summary_CountsLastTradeAndTopOfBook()
    {
        using var journal = fixture.Data.Open();
        var trades = JournalFacts.Trades(journal, "BTC-USD");
        var result = await fixture.Stdio.OkAsync("get_market", new { feed = Feed, symbol = "BTC-USD" });
        var data = result.Data();
        Assert.Equal(trades.Count, data.GetProperty("events").GetProperty("trade").GetInt64());
        Assert.Equal(trades[^1].Sequence, data.GetProperty("last_trade").GetProperty("seq").GetInt64());
        Assert.NotNull(data.GetProperty("top_of_book").GetProperty("bid").GetString());
    }

    [Fact]
    public async Task DataInventory_Counts_MatchTheReplay()
    {
        var result = await fixture.Stdio.OkAsync("data_inventory", new { feed = Feed });
        var rows = result.Data().EnumerateArray().ToList();
        long Sum(string kind) => rows.Sum(r => r.GetProperty("events").TryGetProperty(kind, out var n) ? n.GetInt64() : 0);
        Assert.Equal(fixture.Data.Summary.Trades, Sum("trade"));
        Assert.Equal(fixture.Data.Summary.Deltas, Sum("book_delta"));
        Assert.Equal(fixture.Data.Summary.Snapshots, Sum("book_snapshot"));
        Assert.All(rows, r => Assert.True(r.GetProperty("bytes").GetInt64() > 0));
    }

    [Fact]
    public async Task DataGapsAndQuality_Capture_ReportTheDay()
    {
        var gaps = await fixture.Stdio.OkAsync("data_gaps", new { feed = Feed, min_silence = "1s" });
        var quality = await fixture.Stdio.OkAsync("data_quality", new { feed = Feed });

        Assert.Equal(fixture.Data.Summary.Gaps, gaps.Data().EnumerateArray().Count(r => r.GetProperty("kind").GetString() == "gap"));
        Assert.All(gaps.Data().EnumerateArray().Where(r => r.GetProperty("kind").GetString() == "silence"), r => Assert.True(r.GetProperty("seconds").GetDouble() >= 1));
        var q = quality.Data();
        Assert.Equal(fixture.Data.Summary.Trades, q.GetProperty("events").GetProperty("trade").GetInt64());
        Assert.Equal(2, q.GetProperty("symbols").GetInt32());
        Assert.True(q.GetProperty("lag_ms").GetProperty("p50").GetDouble() <= q.GetProperty("lag_ms").GetProperty("p99").GetDouble());
        Assert.Equal(fixture.Data.Summary.Rejects, q.GetProperty("dead_letters").GetProperty("total").GetInt64());
    }

    [Fact]
    public async Task SystemStatus_StandAlone_JournalsAndServerWithoutSecrets()
    {
        var result = await fixture.Stdio.OkAsync("system_status");
        var data = result.Data();
        var journal = data.GetProperty("journals").EnumerateArray().Single();
        Assert.Equal(Feed, journal.GetProperty("feed").GetString());
        Assert.True(journal.GetProperty("last_seq").GetInt64() > 0);
        Assert.Equal(JsonValueKind.Null, data.GetProperty("feeds").ValueKind);
        Assert.Equal(1, data.GetProperty("server").GetProperty("clients").GetInt32());
    }

    [Theory]
    [InlineData("list_markets")]
    [InlineData("get_market")]
    [InlineData("get_trades")]
    [InlineData("get_bars")]
    [InlineData("get_orderbook")]
    [InlineData("replay_orderbook")]
    [InlineData("data_inventory")]
    [InlineData("data_gaps")]
    [InlineData("data_quality")]
    [InlineData("system_status")]
    public async Task EveryTool_DefaultResult_UnderTwentyThousandCharacters(string tool)
    {
        var tools = fixture.Tools.Single(t => t.Name == tool);
        var required = tools.InputSchema.TryGetProperty("required", out var r) ? r.EnumerateArray().Select(x => x.GetString()!).ToList() : [];
        var args = new Dictionary<string, object?>();
        if (required.Contains("feed")) args["feed"] = Feed;
        if (required.Contains("symbol")) args["symbol"] = "BTC-USD";
        var result = await fixture.Stdio.CallAsync(tool, args);
        Assert.True(result.IsError != true, ToolCalls.Text(result));
        Assert.True(ToolResults.Size(result) <= 20_000, $"{tool}: {ToolResults.Size(result)} characters");
    }

    private static long Nanos(JsonElement time) => UnixNanos.TryParseIso(time.GetString(), out var n) ? n : throw new FormatException(time.GetString());

    private static string Pair(JsonElement level) => $"{level[0].GetString()}x{level[1].GetString()}";

    private static List<string> Levels(OrderBook book, BookSide side)
    {
        var levels = new BookLevel[side == BookSide.Bid ? book.BidCount : book.AskCount];
        var n = side == BookSide.Bid ? book.GetBids(levels) : book.GetAsks(levels);
        return [.. levels[..n].Select(l => $"{FixedPoint.Format(l.Price)}x{FixedPoint.Format(l.Size)}")];
    }
}
