using Signals.Library;
using Signals.Runtime.Tests.Support;

namespace Signals.Runtime.Tests.Evaluation;

public sealed class TimerTests
{
    [Fact]
    public void Process_ClockCrossesBoundaries_TimerRunsBeforeTheCrossingEventPerInstrumentSeen()
    {
        var log = new List<string>();
        using var feed = new FeedWriter();
        feed.Trade("ETH-USD", 500);
        feed.Trade("BTC-USD", 900);
        feed.Trade("BTC-USD", 1_200);
        feed.Trade("ETH-USD", 1_300);
        feed.Trade("SOL-USD", 1_999);
        feed.Trade("BTC-USD", 2_000);
        using var evaluator = Harness.Evaluator(new CollectingSink());
        evaluator.Load("t", () => new RecordingSignal("*", "*", EventKinds.Trade, log, TimeSpan.FromSeconds(1)));

        evaluator.Replay(feed.Journal);

        Assert.Equal(
            [
                "t:Trade:coinbase/ETH-USD@500#1", "t:Trade:coinbase/BTC-USD@900#2",
                "t:Timer:coinbase/ETH-USD@1000#0", "t:Timer:coinbase/BTC-USD@1000#0",
                "t:Trade:coinbase/BTC-USD@1200#3", "t:Trade:coinbase/ETH-USD@1300#4", "t:Trade:coinbase/SOL-USD@1999#5",
                "t:Timer:coinbase/ETH-USD@2000#0", "t:Timer:coinbase/BTC-USD@2000#0", "t:Timer:coinbase/SOL-USD@2000#0",
                "t:Trade:coinbase/BTC-USD@2000#6",
            ],
            log);
    }

    [Fact]
    public void Process_GapSkipsSeveralBoundaries_OneCallAtTheLatestAndSkipsCounted()
    {
        var log = new List<string>();
        using var feed = new FeedWriter();
        feed.Trade("BTC-USD", 100);
        feed.Trade("BTC-USD", 1_100);
        feed.Trade("BTC-USD", 5_700);
        using var evaluator = Harness.Evaluator(new CollectingSink());
        evaluator.Load("t", () => new RecordingSignal("*", "*", EventKinds.Trade, log, TimeSpan.FromSeconds(1)));

        evaluator.Replay(feed.Journal);

        Assert.Equal(
            [
                "t:Trade:coinbase/BTC-USD@100#1", "t:Timer:coinbase/BTC-USD@1000#0", "t:Trade:coinbase/BTC-USD@1100#2",
                "t:Timer:coinbase/BTC-USD@5000#0", "t:Trade:coinbase/BTC-USD@5700#3",
            ],
            log);
        Assert.Equal(3, evaluator.GetStatus("t")!.SkippedTimerPeriods); // 2 s, 3 s and 4 s folded into 5 s
    }

    [Fact]
    public void Process_TimerFires_AreStampedAtTheBoundaryWithSequenceZero()
    {
        var sink = new CollectingSink();
        using var feed = new FeedWriter();
        feed.Trade("BTC-USD", 100);
        feed.Trade("BTC-USD", 1_500);
        using var evaluator = Harness.Evaluator(sink);
        evaluator.Load("t", () => new TimerFirer());

        evaluator.Replay(feed.Journal);

        var fire = Assert.Single(sink.Fires);
        Assert.Equal((FeedWriter.At(1_000), FeedWriter.At(1_000), 0L, "BTC-USD"), (fire.TsEvent, fire.TsRecv, fire.TriggerSequence, fire.Symbol));
    }

    private sealed class TimerFirer : Signal
    {
        public override void Configure(SignalSetup setup)
        {
            setup.Subscribe("*", "*", EventKinds.Trade);
            setup.Every(TimeSpan.FromSeconds(1));
        }

        public override void OnTimer(SignalContext context) => context.Fire("tick");
    }
}
