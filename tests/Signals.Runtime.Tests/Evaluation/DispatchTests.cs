using Signals.Library;
using Signals.Runtime.Tests.Support;

namespace Signals.Runtime.Tests.Evaluation;

public sealed class DispatchTests
{
    [Fact]
    public void Process_SubscriptionGlobsAndKinds_DeliverOnlyMatchingEvents()
    {
        var log = new List<string>();
        using var coinbase = new FeedWriter("coinbase");
        using var kraken = new FeedWriter("kraken");
        coinbase.Trade("BTC-USD", 1);
        coinbase.Quote("BTC-USD", 2);
        coinbase.Trade("ETH-USD", 3);
        kraken.Trade("BTC-USD", 4);
        coinbase.Trade("BTC-EUR", 5);
        using var evaluator = Harness.Evaluator(new CollectingSink());
        evaluator.Load("a", () => new RecordingSignal("coin*", "BTC-*", EventKinds.Trade, log));
        evaluator.Load("b", () => new RecordingSignal("*", "BTC-USD", EventKinds.Quote | EventKinds.Trade, log));

        evaluator.Replay(coinbase.Journal, kraken.Journal);

        Assert.Equal(
            [
                "a:Trade:coinbase/BTC-USD@1#1", "b:Trade:coinbase/BTC-USD@1#1",
                "b:Quote:coinbase/BTC-USD@2#2",
                "b:Trade:kraken/BTC-USD@4#1",
                "a:Trade:coinbase/BTC-EUR@5#4",
            ],
            log);
    }

    [Fact]
    public void Process_DeltasWithoutEndOfBatch_BookChangedOnlyAtEndOfBatchAndAfterSnapshot()
    {
        var log = new List<string>();
        using var feed = new FeedWriter();
        feed.Delta("BTC-USD", 1, BookSide.Bid, 99, 1, endOfBatch: false);
        feed.Delta("BTC-USD", 1, BookSide.Ask, 101, 1, endOfBatch: false);
        feed.Delta("BTC-USD", 1, BookSide.Ask, 102, 1, endOfBatch: true);
        feed.Snapshot("BTC-USD", 2, 98, 103);
        using var evaluator = Harness.Evaluator(new CollectingSink());
        evaluator.Load("s", () => new RecordingSignal("*", "*", EventKinds.Book, log));

        evaluator.Replay(feed.Journal);

        Assert.Equal(
            [
                "s:Delta:coinbase/BTC-USD@1#1", "s:Delta:coinbase/BTC-USD@1#2", "s:Delta:coinbase/BTC-USD@1#3",
                "s:BookChanged:coinbase/BTC-USD@1#3", "s:Snapshot:coinbase/BTC-USD@2#4", "s:BookChanged:coinbase/BTC-USD@2#4",
            ],
            log);
    }

    [Fact]
    public void Process_BadPayload_IsCountedAndSkipped()
    {
        var log = new List<string>();
        using var journal = new Market.Core.Journal.InMemoryJournal("coinbase");
        using (var writer = journal.OpenWriter())
        {
            writer.Append(EventKind.Trade, writer.Intern("BTC-USD"), FeedWriter.At(1), FeedWriter.At(1), [1, 2, 3]);
        }
        using var evaluator = Harness.Evaluator(new CollectingSink());
        evaluator.Load("s", () => new RecordingSignal("*", "*", EventKinds.All, log));

        evaluator.Replay(journal);

        Assert.Empty(log);
        Assert.Equal(1, evaluator.BadPayloads);
    }

    [Fact]
    public void Load_ConfigureThrowsOrSubscribesToNothing_FailsWithoutLoading()
    {
        using var evaluator = Harness.Evaluator(new CollectingSink());

        var throwing = evaluator.Load(Harness.Define("t", () => new ConfiguredBy(_ => throw new InvalidOperationException("bad config"))));
        var empty = evaluator.Load(Harness.Define("e", () => new ConfiguredBy(_ => { })));
        var broken = evaluator.Load(Harness.Define("b", () => new ConfiguredBy(s =>
        {
            s.Subscribe("*", "*");
            s.Use(new BrokenSpec());
        })));

        Assert.False(throwing.Loaded);
        Assert.Contains("bad config", throwing.Error, StringComparison.Ordinal);
        Assert.False(empty.Loaded);
        Assert.Contains("no subscription", empty.Error, StringComparison.Ordinal);
        Assert.False(broken.Loaded);
        Assert.Contains("no book for you", broken.Error, StringComparison.Ordinal);
        Assert.Empty(evaluator.GetStatuses());
    }

    [Fact]
    public void Load_ConfigureLoopsOnMeteredCode_FailsOnFuel()
    {
        var meter = new Library.Sandbox.FuelMeter();
        using var evaluator = Harness.Evaluator(new CollectingSink(), new() { FuelPerCall = 10_000 });

        var result = evaluator.Load(Harness.Define("loop", () => new ConfiguredBy(_ =>
        {
            while (true) meter.Tick();
        }), meter));

        Assert.False(result.Loaded);
        Assert.Contains("fuel", result.Error, StringComparison.Ordinal);
    }
}
