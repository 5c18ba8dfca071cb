namespace Mcp.Server.Tests;

/// <summary>Every way an agent can get a call wrong ends in an isError result whose code, message and hint say what to fix.</summary>
[Collection(McpCollection.Name)]
public sealed class BadArgumentTests(McpFixture fixture)
{
    private const string Feed = CaptureJournal.Feed;

    public static TheoryData<string> Tools() => ["list_markets", "get_market", "get_trades", "get_bars", "get_orderbook", "replay_orderbook", "data_inventory", "data_gaps", "data_quality", "system_status"];

    [Theory]
    [MemberData(nameof(Tools))]
    public async Task AnyTool_UnknownArgument_RejectedNamingItAndTheAcceptedOnes(string tool)
    {
        var required = fixture.Tools.Single(t => t.Name == tool).InputSchema.TryGetProperty("required", out var r) ? r.EnumerateArray().Select(x => x.GetString()!).ToList() : [];
        var args = new Dictionary<string, object?> { ["form"] = "1h" };
        if (required.Contains("feed")) args["feed"] = Feed;
        if (required.Contains("symbol")) args["symbol"] = "BTC-USD";
        var (code, message, hint) = await fixture.Stdio.ErrorAsync(tool, args);
        Assert.Equal("UNKNOWN_ARGUMENT", code);
        Assert.Equal($"{tool} has no argument 'form'", message);
        Assert.Contains("remove 'form'", hint, StringComparison.Ordinal);
        var schema = fixture.Tools.Single(t => t.Name == tool).InputSchema.GetProperty("properties");
        foreach (var name in schema.EnumerateObject().Select(p => p.Name)) Assert.Contains(name, hint, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("get_trades", "from")]
    [InlineData("get_trades", "as_of")]
    [InlineData("get_bars", "to")]
    [InlineData("get_orderbook", "at")]
    [InlineData("replay_orderbook", "from")]
    [InlineData("data_gaps", "from")]
    [InlineData("get_market", "as_of")]
    public async Task TimeArgument_NotATime_BadTimeNamingTheArgumentAndTheForms(string tool, string argument)
    {
        var args = new Dictionary<string, object?> { ["feed"] = Feed, ["symbol"] = "BTC-USD", [argument] = "yesterday-ish" };
        if (tool == "data_gaps") args.Remove("symbol");
        var (code, message, hint) = await fixture.Stdio.ErrorAsync(tool, args);
        Assert.Equal("BAD_TIME", code);
        Assert.Contains($"'{argument}'", message, StringComparison.Ordinal);
        Assert.Contains("'yesterday-ish' is not a time", message, StringComparison.Ordinal);
        Assert.Contains("now-1h", hint, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("get_trades")]
    [InlineData("get_bars")]
    [InlineData("replay_orderbook")]
    public async Task Range_FromNotBeforeTo_BadRangeSayingSwap(string tool)
    {
        var (code, message, hint) = await fixture.Stdio.ErrorAsync(tool, new { feed = Feed, symbol = "BTC-USD", from = "2026-08-10T12:00:00Z", to = "2026-08-10T11:00:00Z" });
        Assert.Equal("BAD_RANGE", code);
        Assert.Contains("'from' (2026-08-10T12:00:00Z) must be before 'to' (2026-08-10T11:00:00Z)", message, StringComparison.Ordinal);
        Assert.Contains("swap 'from' and 'to'", hint, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("get_trades", 0)]
    [InlineData("get_trades", 1001)]
    [InlineData("list_markets", -5)]
    [InlineData("get_bars", 5000)]
    public async Task Limit_OutOfRange_InvalidArgumentWithTheBounds(string tool, int limit)
    {
        var (code, message, hint) = await fixture.Stdio.ErrorAsync(tool, tool == "list_markets" ? new Dictionary<string, object?> { ["limit"] = limit } : new Dictionary<string, object?> { ["feed"] = Feed, ["symbol"] = "BTC-USD", ["limit"] = limit });
        Assert.Equal("INVALID_ARGUMENT", code);
        Assert.Contains($"'limit' is {limit}, outside 1..1000", message, StringComparison.Ordinal);
        Assert.Contains("within 1..1000", hint, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Enum_NotOneOfItsValues_ListsThem()
    {
        var (code, message, hint) = await fixture.Stdio.ErrorAsync("get_bars", new { feed = Feed, symbol = "BTC-USD", interval = "7m" });
        Assert.Equal("INVALID_ARGUMENT", code);
        Assert.Contains("'interval' is the string \"7m\"", message, StringComparison.Ordinal);
        Assert.Contains("1s, 5s, 15s, 30s, 1m", hint, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WrongType_IntegerAsString_SaysWhatItMustBe()
    {
        var (code, message, _) = await fixture.Stdio.ErrorAsync("get_trades", new { feed = Feed, symbol = "BTC-USD", limit = "ten" });
        Assert.Equal("INVALID_ARGUMENT", code);
        Assert.Contains("'limit' must be an integer in 1..1000, not the string \"ten\"", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MissingRequired_NamesIt()
    {
        var (code, message, hint) = await fixture.Stdio.ErrorAsync("get_trades", new { feed = Feed });
        Assert.Equal("MISSING_ARGUMENT", code);
        Assert.Equal("get_trades needs 'symbol'", message);
        Assert.Contains("pass 'symbol'", hint, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnknownFeed_ListsTheFeedsAndPointsAtListMarkets()
    {
        var (code, message, hint) = await fixture.Stdio.ErrorAsync("get_trades", new { feed = "binance", symbol = "BTC-USD" });
        Assert.Equal("UNKNOWN_FEED", code);
        Assert.Contains("no feed 'binance' (feeds: coinbase)", message, StringComparison.Ordinal);
        Assert.Contains("list_markets", hint, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnknownSymbol_SuggestsSimilarAndPointsAtListMarkets()
    {
        var (code, message, hint) = await fixture.Stdio.ErrorAsync("get_orderbook", new { feed = Feed, symbol = "btc-usd" });
        Assert.Equal("UNKNOWN_SYMBOL", code);
        Assert.True(message.Contains("has no symbol 'btc-usd' (similar: BTC-USD)", StringComparison.Ordinal), message);
        Assert.Contains("list_markets with feed='coinbase'", hint, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Cursor_FromAnotherTool_BadCursor()
    {
        var page = await fixture.Stdio.OkAsync("list_markets", new { limit = 1 });
        var cursor = page.Meta().GetProperty("next_cursor").GetString();
        var (code, message, _) = await fixture.Stdio.ErrorAsync("get_trades", new { feed = Feed, symbol = "BTC-USD", cursor });
        Assert.Equal("BAD_CURSOR", code);
        Assert.Contains("was not issued by get_trades", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task FromAndLast_Together_Refused()
    {
        var (code, _, hint) = await fixture.Stdio.ErrorAsync("get_trades", new { feed = Feed, symbol = "BTC-USD", from = "2026-08-10", last = "15m" });
        Assert.Equal("INVALID_ARGUMENT", code);
        Assert.Contains("drop 'last'", hint, StringComparison.Ordinal);
    }
}
