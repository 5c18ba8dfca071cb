using Signals.Library;

namespace Signals.Library.Tests.Signals;

public sealed class SignalApiTests
{
    [Theory]
    [InlineData("*", "BTC-USD", true)]
    [InlineData("BTC-*", "BTC-USD", true)]
    [InlineData("BTC-*", "ETH-USD", false)]
    [InlineData("?TC-USD", "BTC-USD", true)]
    [InlineData("*-USD", "BTC-USDT", false)]
    [InlineData("*USD*", "BTC-USDT", true)]
    [InlineData("KX*-T*", "KXBTCD-25NOV21-T100000", true)]
    [InlineData("", "", true)]
    [InlineData("a*b*c", "aXbYcZ", false)]
    public void Glob_Matches_LikeShellPatterns(string pattern, string text, bool expected) =>
        Assert.Equal(expected, SignalSubscription.Glob(pattern, text));

    [Fact]
    public void Subscription_MatchesOnlyItsKinds()
    {
        var subscription = new SignalSubscription("coin*", "BTC-*", EventKinds.Trade | EventKinds.Book);

        Assert.True(subscription.Matches("coinbase", "BTC-USD", EventKind.BookSnapshot));
        Assert.False(subscription.Matches("coinbase", "BTC-USD", EventKind.Quote));
        Assert.False(subscription.Matches("binance", "BTC-USD", EventKind.Trade));
    }

    [Fact]
    public void SignalRandom_SameName_SameSequence_OtherName_Different()
    {
        var a = SignalRandom.ForName("spread_blowout");
        var b = SignalRandom.ForName("spread_blowout");
        var c = SignalRandom.ForName("vwap_deviation");

        var first = Enumerable.Range(0, 8).Select(_ => a.NextUInt64()).ToArray();
        Assert.Equal(first, Enumerable.Range(0, 8).Select(_ => b.NextUInt64()));
        Assert.NotEqual(first, Enumerable.Range(0, 8).Select(_ => c.NextUInt64()));
        for (var i = 0; i < 1000; i++)
        {
            var d = a.NextDouble();
            Assert.InRange(d, 0.0, 0.9999999999999999);
            Assert.InRange(a.Next(7), 0, 6);
        }
    }

    [Fact]
    public void FireField_Problems_AreNamed()
    {
        Assert.Null(((FireField)("spread", 1.5)).Problem());
        Assert.Contains("finite", ((FireField)("spread", double.NaN)).Problem(), StringComparison.Ordinal);
        Assert.Contains("longer than 32", ((FireField)(new string('n', 40), 1)).Problem(), StringComparison.Ordinal);
        Assert.Contains("'note' text", ((FireField)("note", new string('x', 200))).Problem(), StringComparison.Ordinal);
        Assert.Equal("levels=5", ((FireField)("levels", 5)).ToString());
    }

    [Fact]
    public void Setup_AfterFreeze_Throws()
    {
        var setup = new SignalSetup("s", new Dictionary<string, double> { ["limit"] = 7 });
        Assert.Equal(7, setup.Parameter("limit", 3, "overridden"));
        Assert.Equal(2, setup.Parameter("other", 2));
        setup.Freeze();

        Assert.Throws<InvalidOperationException>(() => setup.Subscribe("*", "*"));
        Assert.Equal(["limit", "other"], setup.Parameters.Select(p => p.Name));
    }
}
