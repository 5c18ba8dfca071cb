using Signals.Runtime.Evaluation;
using Signals.Runtime.Tests.Support;

namespace Signals.Runtime.Tests.Evaluation;

public sealed class SwapTests
{
    [Fact]
    public async Task RequestReplace_FromAnotherThread_AppliedBeforeTheNextEvent()
    {
        using var feed = new FeedWriter();
        for (var i = 0; i < 10; i++) feed.Trade("BTC-USD", i);
        var sink = new CollectingSink();
        using var evaluator = Harness.Evaluator(sink);
        evaluator.Load("s", () => new TradeFirer("v1"));
        Task<SignalLoadResult>? swap = null;

        evaluator.Step(feed.Journal, sequence =>
        {
            if (sequence == 4) swap = OnAnotherThread(() => evaluator.RequestReplace("s", Harness.Define("s", () => new TradeFirer("v2"), commit: "c2")));
        });

        Assert.True((await swap!).Loaded);
        Assert.Equal(Enumerable.Range(1, 10).Select(i => (long)i), sink.Fires.Select(f => f.TriggerSequence));
        Assert.Equal([.. Enumerable.Repeat("v1", 4), .. Enumerable.Repeat("v2", 6)], sink.Fires.Select(f => f.Message));
        Assert.Equal([.. Enumerable.Repeat("c1", 4), .. Enumerable.Repeat("c2", 6)], sink.Fires.Select(f => f.Commit));
    }

    [Fact]
    public async Task RequestReplace_DuringAReplay_EveryEventGoesToExactlyOneVersion()
    {
        using var feed = new FeedWriter();
        for (var i = 0; i < 20_000; i++) feed.Trade("BTC-USD", i * 200); // 300 a minute, under the fire limit
        var sink = new CollectingSink();
        using var evaluator = Harness.Evaluator(sink);
        evaluator.Load("s", () => new TradeFirer("v1"));
        var engine = new Runtime.Replay.ReplayEngine(evaluator);
        Task<SignalLoadResult>? swap = null;

        engine.Run([new(feed.Journal)], new() { ProgressEvery = 5_000, Progress = p =>
        {
            if (p.Events == 5_000) swap = OnAnotherThread(() => evaluator.RequestReplace("s", Harness.Define("s", () => new TradeFirer("v2"))));
        } });

        Assert.True((await swap!).Loaded);
        Assert.Equal(Enumerable.Range(1, 20_000).Select(i => (long)i), sink.Fires.Select(f => f.TriggerSequence));
        var firstV2 = sink.Fires.FindIndex(f => f.Message == "v2");
        Assert.Equal(5_000, firstV2);
        Assert.All(sink.Fires.Skip(firstV2), f => Assert.Equal("v2", f.Message));
    }

    [Fact]
    public void Replace_NewVersionFailsToConfigure_OldVersionKeepsRunning()
    {
        using var feed = new FeedWriter();
        feed.Trade("BTC-USD", 1);
        var sink = new CollectingSink();
        using var evaluator = Harness.Evaluator(sink);
        evaluator.Load("s", () => new TradeFirer("v1"));

        var result = evaluator.Replace("s", Harness.Define("s", () => new ConfiguredBy(_ => throw new InvalidOperationException("broken commit"))));
        evaluator.Replay(feed.Journal);

        Assert.False(result.Loaded);
        Assert.Equal("v1", Assert.Single(sink.Fires).Message);
    }

    [Fact]
    public void Unload_StopsDeliveryAndReportsTheFinalStatus()
    {
        using var feed = new FeedWriter();
        feed.Trade("BTC-USD", 1);
        feed.Trade("BTC-USD", 2);
        var sink = new CollectingSink();
        using var evaluator = Harness.Evaluator(sink);
        evaluator.Load("s", () => new TradeFirer());
        SignalStatus? final = null;

        evaluator.Step(feed.Journal, sequence =>
        {
            if (sequence == 1) final = evaluator.Unload("s");
        });

        Assert.Equal((SignalState.Unloaded, 1L), (final!.State, final.Fires));
        Assert.Single(sink.Fires);
        Assert.Empty(evaluator.GetStatuses());
    }

    private static T OnAnotherThread<T>(Func<T> action)
    {
        T result = default!;
        var thread = new Thread(() => result = action());
        thread.Start();
        thread.Join();
        return result;
    }
}
