using Market.Core.Bus;

namespace Market.Core.Tests.Bus;

public sealed class SubjectEscapingTests
{
    private static readonly string[] Nasty =
    [
        "BTC.D-25", "KX/USD", "a b", "*", ">", "a.*.>", "%", "%2E", "100%", "..", ".", "\t\n\r",
        "ETH-PERP", "é.ü", "日本.株", "🚀.moon", "a\u00A0b", "x\u0000y", "a%b.c", " leading", "trailing ",
    ];

    public static TheoryData<string> NastySymbols => new(Nasty);

    [Theory]
    [MemberData(nameof(NastySymbols))]
    public void EscapeToken_NastySymbol_IsOneValidTokenThatRoundTrips(string symbol)
    {
        var token = Subjects.EscapeToken(symbol);
        Assert.DoesNotContain('.', token);
        Assert.NotEqual("*", token);
        Assert.NotEqual(">", token);
        Assert.True(Subjects.IsValidPublish(token), $"'{token}' should be a valid subject");
        Assert.Equal(symbol, Subjects.UnescapeToken(token));
        var subject = MarketSubjects.For("prod", "venue", "trade", symbol);
        Assert.Equal(4, subject.Split('.').Length);
        Assert.Equal(symbol, MarketSubjects.SymbolOf(subject));
    }

    [Theory]
    [InlineData("BTC-USD", "BTC-USD")]
    [InlineData("BTC.D-25", "BTC%2ED-25")]
    [InlineData("100%", "100%25")]
    [InlineData("*", "%2A")]
    [InlineData(">", "%3E")]
    [InlineData("a b", "a%20b")]
    [InlineData("KX/USD", "KX/USD")]
    public void EscapeToken_KnownSymbol_UsesPercentScheme(string symbol, string expected) =>
        Assert.Equal(expected, Subjects.EscapeToken(symbol));

    [Fact]
    public void EscapeToken_DistinctSymbols_GiveDistinctTokens()
    {
        var tokens = Nasty.Select(Subjects.EscapeToken).ToList();
        Assert.Equal(tokens.Count, tokens.Distinct(StringComparer.Ordinal).Count());
    }

    [Fact]
    public void EscapeToken_Empty_Throws() =>
        Assert.Throws<ArgumentException>(() => Subjects.EscapeToken(""));

    [Theory]
    [InlineData("abc%")]
    [InlineData("abc%2")]
    [InlineData("abc%G0")]
    [InlineData("%FF")]
    public void UnescapeToken_Malformed_Throws(string token) =>
        Assert.Throws<ArgumentException>(() => Subjects.UnescapeToken(token));

    [Fact]
    public void MarketSubjects_For_BuildsFourTokens()
    {
        Assert.Equal("prod.binance.trade.BTC%2ED-25", MarketSubjects.For("prod", "binance", "trade", "BTC.D-25"));
        Assert.Equal("prod.binance.trade.*", MarketSubjects.AllSymbols("prod", "binance", "trade"));
        Assert.True(Subjects.Matches(MarketSubjects.AllSymbols("prod", "binance", "trade"), MarketSubjects.For("prod", "binance", "trade", "a.b.c")));
    }

    [Theory]
    [InlineData("pr.od", "binance", "trade")]
    [InlineData("prod", "*", "trade")]
    [InlineData("prod", "binance", "")]
    [InlineData("prod", "bin ance", "trade")]
    public void MarketSubjects_For_BadPart_ThrowsNamingIt(string env, string feed, string kind)
    {
        var e = Assert.Throws<ArgumentException>(() => MarketSubjects.For(env, feed, kind, "BTC"));
        Assert.Contains("must be a single subject token", e.Message, StringComparison.Ordinal);
    }
}
