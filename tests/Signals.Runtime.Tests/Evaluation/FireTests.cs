using Signals.Library;
using Signals.Runtime.Evaluation;
using Signals.Runtime.Tests.Support;

namespace Signals.Runtime.Tests.Evaluation;

public sealed class FireTests
{
    [Fact]
    public void Fire_Valid_ReachesTheSinkStampedWithIdentityAndTrigger()
    {
        var sink = new CollectingSink();
        using var feed = new FeedWriter();
        feed.Trade("BTC-USD", 1, price: 42);
        using var evaluator = Harness.Evaluator(sink);
        Assert.True(evaluator.Load(new SignalDefinition(new SignalIdentity("f", "abc123", "h1"), () => new TradeFirer("hello"))).Loaded);

        evaluator.Replay(feed.Journal);

        var fire = Assert.Single(sink.Fires);
        Assert.Equal(("f", "abc123", "h1", "coinbase", "BTC-USD", "hello", 1L, FeedWriter.At(1), FeedWriter.At(1), FireKind.Fire),
            (fire.Signal, fire.Commit, fire.SourceHash, fire.Feed, fire.Symbol, fire.Message, fire.TriggerSequence, fire.TsEvent, fire.TsRecv, fire.Type));
        Assert.Equal(42 * FixedPoint.Scale, fire.Fields[0].Integer);
    }

    public static TheoryData<string> BadFires => ["long message", "nine fields", "NaN field", "long field name", "empty message"];

    [Theory]
    [MemberData(nameof(BadFires))]
    public void Fire_Invalid_IsASignalErrorAndNothingReachesTheSink(string bad)
    {
        var sink = new CollectingSink();
        using var feed = new FeedWriter();
        feed.Trade("BTC-USD", 1);
        using var evaluator = Harness.Evaluator(sink);
        evaluator.Load("f", () => new ScriptedFirer(context =>
        {
            // Caught by the signal: still an error, because the fire was bad.
            try
            {
                switch (bad)
                {
                    case "long message": context.Fire(new string('x', 257)); break;
                    case "nine fields": context.Fire("m", ("a", 1), ("b", 1), ("c", 1), ("d", 1), ("e", 1), ("f", 1), ("g", 1), ("h", 1), ("i", 1)); break;
                    case "NaN field": context.Fire("m", ("x", double.NaN)); break;
                    case "long field name": context.Fire("m", (new string('n', 33), 1)); break;
                    default: context.Fire(""); break;
                }
            }
            catch (ArgumentException)
            {
            }
        }));

        evaluator.Replay(feed.Journal);

        Assert.Empty(sink.Fires);
        var status = evaluator.GetStatus("f")!;
        Assert.Equal(1, status.Errors);
        Assert.NotNull(status.LastError);
    }

    [Fact]
    public void Fire_OverTheLimit_DroppedAndCountedPerMinuteOfEventTime()
    {
        var sink = new CollectingSink();
        using var feed = new FeedWriter();
        for (var i = 0; i < 8; i++) feed.Trade("BTC-USD", i * 1_000);            // minute 0
        for (var i = 0; i < 4; i++) feed.Trade("BTC-USD", 60_000 + i * 1_000);   // minute 1
        using var evaluator = Harness.Evaluator(sink);
        evaluator.Load("f", () => new TradeFirer(limit: 3));

        evaluator.Replay(feed.Journal);

        Assert.Equal([1L, 2, 3, 9, 10, 11], sink.Fires.Select(f => f.TriggerSequence));
        var status = evaluator.GetStatus("f")!;
        Assert.Equal((6L, 6L, 0L), (status.Fires, status.DroppedFires, status.Errors));
    }
}
