using Market.Core.Journal;
using Market.Core.Synthetic;
using Signals.Library;
using Signals.Runtime.Replay;
using Signals.Runtime.Tests.Support;

namespace Signals.Runtime.Tests.Replay;

public sealed class ReplayEngineTests
{
    [Fact]
    public void Run_ThreeJournalsWithEqualReceiveTimes_MergedByTimeThenFeedNameThenSequence()
    {
        var log = new List<string>();
        using var b = new FeedWriter("b");
        using var a = new FeedWriter("a");
        using var c = new FeedWriter("c");
        b.Trade("X", 1);
        b.Trade("X", 1);
        b.Trade("X", 3);
        c.Trade("X", 1);
        c.Trade("X", 2);
        a.Trade("X", 1);
        a.Trade("X", 2);
        using var evaluator = Harness.Evaluator(new CollectingSink());
        evaluator.Load("r", () => new RecordingSignal("*", "*", EventKinds.Trade, log));

        var result = evaluator.Replay(b.Journal, c.Journal, a.Journal);

        Assert.Equal(7, result.Events);
        Assert.Equal(
            ["a/X@1#1", "b/X@1#1", "b/X@1#2", "c/X@1#1", "a/X@2#2", "c/X@2#2", "b/X@3#3"],
            log.Select(line => line["r:Trade:".Length..]));
    }

    [Fact]
    public void Run_TimeRangeAndSymbolFilter_OnlyMatchingRecordsReachTheEvaluator()
    {
        var log = new List<string>();
        using var feed = new FeedWriter();
        feed.Trade("BTC-USD", 1);
        feed.Trade("ETH-USD", 2);
        feed.Trade("BTC-USD", 3);
        feed.Trade("BTC-EUR", 4);
        feed.Trade("BTC-USD", 5);
        using var evaluator = Harness.Evaluator(new CollectingSink());
        evaluator.Load("r", () => new RecordingSignal("*", "*", EventKinds.Trade, log));

        var result = new ReplayEngine(evaluator).Run([new(feed.Journal)], new() { From = FeedWriter.At(2), To = FeedWriter.At(5), Symbols = ["BTC-*"] });

        Assert.Equal(["r:Trade:coinbase/BTC-USD@3#3", "r:Trade:coinbase/BTC-EUR@4#4"], log);
        Assert.Equal((2L, 1L), (result.Events, result.Filtered));
    }

    [Fact]
    public void Run_Cancelled_StopsAndSaysSo()
    {
        using var feed = new FeedWriter();
        for (var i = 0; i < 5_000; i++) feed.Trade("BTC-USD", i);
        using var evaluator = Harness.Evaluator(new CollectingSink());
        using var cancel = new CancellationTokenSource();

        var result = new ReplayEngine(evaluator).Run([new(feed.Journal)], new() { ProgressEvery = 100, Progress = _ => cancel.Cancel() }, cancel.Token);

        Assert.True(result.Cancelled);
        Assert.InRange(result.Events, 100, 1_124);
    }

    [Fact]
    public void Run_Paced_ReplaysEverything()
    {
        using var feed = new FeedWriter();
        for (var i = 0; i < 5; i++) feed.Trade("BTC-USD", i * 2);
        using var evaluator = Harness.Evaluator(new CollectingSink());

        var result = new ReplayEngine(evaluator).Run([new(feed.Journal)], new() { Speed = 10 });

        Assert.Equal(5, result.Events);
    }

    [Fact]
    public void Run_SameJournalsAndSignalsTwice_ByteIdenticalFires()
    {
        var journals = new[] { Synthetic("coinbase", 1), Synthetic("kraken", 2) };
        var first = RunOnce(journals);
        var second = RunOnce(journals);

        Assert.NotEmpty(first.Fires);
        Assert.Equal(first.Encoded(), second.Encoded());
        foreach (var journal in journals) journal.Dispose();
    }

    private static CollectingSink RunOnce(IJournal[] journals)
    {
        var sink = new CollectingSink();
        using var evaluator = Harness.Evaluator(sink);
        evaluator.Load("trades", () => new TradeFirer());
        evaluator.Load("spread", () => new SpreadWatcher());
        evaluator.Replay(journals);
        return sink;
    }

    private static InMemoryJournal Synthetic(string feed, int seed)
    {
        var journal = new InMemoryJournal(feed);
        using var writer = journal.OpenWriter();
        var market = new SyntheticMarket(seed, SyntheticMarket.DefaultSymbols, FeedWriter.Start, 3_000_000);
        market.Intern(writer);
        for (var i = 0; i < 20_000; i++) market.AppendNext(writer);
        return journal;
    }

    /// <summary>Fires on a timer with the book's best bid and a random draw: exercises builders, timers and the seeded random.</summary>
    private sealed class SpreadWatcher : Signal
    {
        private StateKey<TestBook> _book = null!;

        public override void Configure(SignalSetup setup)
        {
            setup.Subscribe("*", "*", EventKinds.Book | EventKinds.Quote);
            setup.Every(TimeSpan.FromSeconds(1));
            setup.LimitFires(SignalSetup.MaxFiresPerMinute);
            _book = setup.Use(new TestBookSpec());
        }

        public override void OnTimer(SignalContext context)
        {
            if (context.State(_book).BestBid is { } bid) context.Fire("bid", ("bid", bid.Price), ("r", context.Random.NextDouble()));
        }
    }
}
