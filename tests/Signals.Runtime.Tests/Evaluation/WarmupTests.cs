using Signals.Library;
using Signals.Library.State;
using Signals.Runtime.Evaluation;
using Signals.Runtime.Tests.Support;

namespace Signals.Runtime.Tests.Evaluation;

public sealed class WarmupTests
{
    /// <summary>Records the EMA(5) of trade prices it reads on each trade.</summary>
    private sealed class EmaReader(List<double> seen) : Signal
    {
        private StateKey<Series> _ema = null!;

        public override void Configure(SignalSetup setup)
        {
            setup.Subscribe("*", "*", EventKinds.Trade);
            _ema = setup.Use(Indicators.Ema(Sources.TradePrice(), 5));
        }

        public override void OnTrade(in Trade trade, SignalContext context)
        {
            var ema = context.State(_ema);
            seen.Add(ema.IsWarm ? ema.Value : double.NaN);
        }
    }

    private static FeedWriter Trades(int count)
    {
        var feed = new FeedWriter();
        for (var i = 0; i < count; i++) feed.Trade("BTC-USD", i * 10, price: 100 + (i % 7));
        return feed;
    }

    [Fact]
    public void Replace_WithWarmup_NewBuildersMatchAVersionLoadedFromTheStart()
    {
        using var feed = Trades(40);
        var fromStart = new List<double>();
        using (var reference = new SignalEvaluator(new CollectingSink()))
        {
            reference.Load("ema", () => new EmaReader(fromStart));
            reference.Step(feed.Journal);
        }

        // Live: another signal runs for 20 events, then the EMA reader is deployed with a warm-up.
        var late = new List<double>();
        using var live = new SignalEvaluator(new CollectingSink());
        live.Load("tape", () => new TradeFirer());
        var warmup = new Warmup(new JournalWarmupSource(_ => feed.Journal), TimeSpan.FromHours(1));
        live.Step(feed.Journal, sequence =>
        {
            if (sequence == 20) Assert.True(live.Replace("ema", Harness.Define("ema", () => new EmaReader(late)), warmup).Loaded);
        });

        Assert.Equal(fromStart.Skip(20), late);
        Assert.True(live.Warmed.Records >= 20);
    }

    [Fact]
    public void Replace_WithoutWarmup_NewBuildersStartCold()
    {
        using var feed = Trades(40);
        var late = new List<double>();
        using var live = new SignalEvaluator(new CollectingSink());
        live.Load("tape", () => new TradeFirer());
        live.Step(feed.Journal, sequence =>
        {
            if (sequence == 20) Assert.True(live.Replace("ema", Harness.Define("ema", () => new EmaReader(late))).Loaded);
        });

        // EMA(5) needs five values of its own before it is warm.
        Assert.True(double.IsNaN(late[0]));
        Assert.Equal(4, late.TakeWhile(double.IsNaN).Count());
    }

    [Fact]
    public void Replace_WarmupWindow_LimitsTheHistoryReplayed()
    {
        using var feed = Trades(40);
        var late = new List<double>();
        using var live = new SignalEvaluator(new CollectingSink());
        live.Load("tape", () => new TradeFirer());
        // 25 ms back from the 20th trade (at 190 ms) reaches trades at 170, 180 and 190 ms only.
        var warmup = new Warmup(new JournalWarmupSource(_ => feed.Journal), TimeSpan.FromMilliseconds(25));
        live.Step(feed.Journal, sequence =>
        {
            if (sequence == 20) Assert.True(live.Replace("ema", Harness.Define("ema", () => new EmaReader(late)), warmup).Loaded);
        });

        Assert.Equal(3, live.Warmed.Records);
        Assert.Single(late.TakeWhile(double.IsNaN));
    }

    [Fact]
    public void Replace_WarmupRecordCap_ReplaysOnlyTheLatest()
    {
        using var feed = Trades(40);
        var late = new List<double>();
        using var live = new SignalEvaluator(new CollectingSink());
        live.Load("tape", () => new TradeFirer());
        var warmup = new Warmup(new JournalWarmupSource(_ => feed.Journal), TimeSpan.FromHours(1), MaxRecords: 3);
        live.Step(feed.Journal, sequence =>
        {
            if (sequence == 20) Assert.True(live.Replace("ema", Harness.Define("ema", () => new EmaReader(late)), warmup).Loaded);
        });

        Assert.Equal(3, live.Warmed.Records);
        Assert.Single(late.TakeWhile(double.IsNaN));
    }
}
