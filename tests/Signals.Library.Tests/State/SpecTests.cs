using Signals.Library.State;

namespace Signals.Library.Tests.State;

public sealed class SpecTests
{
    [Fact]
    public void Get_EqualSpecsTwice_CreatesOneBuilder()
    {
        var harness = new BuilderHarness();
        var a = harness.Use(Indicators.Ema(Sources.MidPrice(), 20));
        var b = harness.Use(Indicators.Ema(Sources.MidPrice(), 20));
        Assert.Same(a, b);
        Assert.Equal(3, harness.Builders.Count); // book, mid_price, ema
        Assert.Equal(Indicators.Ema(Sources.MidPrice(), 20), Indicators.Ema(Sources.MidPrice(), 20));
        Assert.NotEqual(Indicators.Ema(Sources.MidPrice(), 20), Indicators.Ema(Sources.MidPrice(), 21));
    }

    [Fact]
    public void Get_ComposedSpec_CreatesInputsBeforeDependents()
    {
        var harness = new BuilderHarness();
        harness.Use(Indicators.Ema(Indicators.Rsi(Sources.TradePrice(), 14), 9));
        harness.Use(Builders.Quotes());
        harness.Use(Sources.Microprice());
        Assert.Equal(
            ["trade_price", "rsi(14, trade_price)", "ema(9, rsi(14, trade_price))", "book", "quotes", "microprice"],
            harness.Specs.Select(s => s.Describe()));
        for (var i = 0; i < harness.Builders.Count; i++)
        {
            foreach (var input in harness.Builders[i].Inputs) Assert.True(harness.Builders.ToList().IndexOf(input) < i);
        }
    }

    [Fact]
    public void Get_SourcesOnTheBook_ShareTheBookBuilder()
    {
        var harness = new BuilderHarness();
        var book = harness.Use(Builders.Book());
        var mid = harness.Use(Sources.MidPrice());
        var quotes = harness.Use(Builders.Quotes());
        Assert.Same(book, Assert.Single(mid.Inputs));
        Assert.Same(book, Assert.Single(quotes.Inputs));
    }

    [Fact]
    public void Reach_DerivedBuilder_IncludesItsInputsKinds()
    {
        var harness = new BuilderHarness();
        var ema = harness.Use(Indicators.Ema(Sources.MidPrice(), 20));
        Assert.Equal(EventKinds.None, ema.Consumes);
        Assert.Equal(EventKinds.Book | EventKinds.Gap, ema.Reach);
    }

    public static TheoryData<StateSpec, string> Descriptions => new()
    {
        { Builders.Book(), "book" },
        { Builders.Book(10), "book(10)" },
        { Builders.Bars(TimeSpan.FromMinutes(1)), "bars(1m, keep 100)" },
        { Builders.Bars(TimeSpan.FromMilliseconds(1500), keep: 5), "bars(1500ms, keep 5)" },
        { Builders.PriceHistory(50), "price_history(50)" },
        { Builders.VolumeProfile(FixedPoint.FromInteger(10)), "volume_profile(10)" },
        { Builders.VolumeProfile(FixedPoint.Parse("0.5"), TimeSpan.FromHours(1)), "volume_profile(0.5, 1h)" },
        { Builders.TradeFlow(TimeSpan.FromSeconds(30)), "trade_flow(30s)" },
        { Builders.Quotes(), "quotes" },
        { Sources.BookImbalance(5), "book_imbalance(5)" },
        { Sources.BarReturn(TimeSpan.FromMinutes(5)), "bar_return(5m)" },
        { Sources.TradeFlowImbalance(TimeSpan.FromSeconds(10)), "trade_flow_imbalance(10s)" },
        { Indicators.Vwap(), "vwap" },
        { Indicators.Vwap(TimeSpan.FromMinutes(5)), "vwap(5m)" },
        { Indicators.ZScore(Indicators.Sma(Sources.SpreadBps(), 3), 20), "zscore(20, sma(3, spread_bps))" },
        { Indicators.RealizedVolatility(Sources.BarClose(TimeSpan.FromMinutes(1)), 30), "realized_vol(30, bar_close(1m))" },
        { Indicators.Return(Sources.TradePrice(), 2), "return(2, trade_price)" },
    };

    [Theory]
    [MemberData(nameof(Descriptions))]
    public void Describe_Spec_IsShortAndStable(StateSpec spec, string expected) => Assert.Equal(expected, spec.Describe());

    [Fact]
    public void Factories_BadArguments_Throw()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Indicators.Sma(Sources.TradePrice(), 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => Indicators.ZScore(Sources.TradePrice(), 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => Builders.Bars(TimeSpan.Zero));
        Assert.Throws<ArgumentOutOfRangeException>(() => Builders.Book(-1));
        Assert.Throws<ArgumentOutOfRangeException>(() => Builders.VolumeProfile(0));
        Assert.Throws<ArgumentNullException>(() => Indicators.Ema(null!, 3));
    }
}
