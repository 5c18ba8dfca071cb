using Signals.Library.Sandbox;
using Signals.Runtime.Evaluation;
using Signals.Runtime.Tests.Support;

namespace Signals.Runtime.Tests.Evaluation;

public sealed class SandboxTests
{
    private static FeedWriter Trades(int count)
    {
        var feed = new FeedWriter();
        for (var i = 0; i < count; i++) feed.Trade(i % 2 == 0 ? "BTC-USD" : "ETH-USD", i * 10, price: 100 + i);
        return feed;
    }

    [Fact]
    public void Process_ThrowingSignal_QuarantinedAfterFiveWhileAHealthySignalsFiresAreUnchanged()
    {
        using var feed = Trades(20);
        var alone = new CollectingSink();
        using (var evaluator = Harness.Evaluator(alone))
        {
            evaluator.Load("healthy", () => new TradeFirer());
            evaluator.Replay(feed.Journal);
        }
        var together = new CollectingSink();
        using var withBad = Harness.Evaluator(together);
        withBad.Load("bad", () => new Thrower());
        withBad.Load("healthy", () => new TradeFirer());

        withBad.Replay(feed.Journal);

        Assert.Equal(alone.Encoded(), together.Encoded());
        var bad = withBad.GetStatus("bad")!;
        Assert.Equal((SignalState.Quarantined, 5L, 5L), (bad.State, bad.Events, bad.Errors));
        Assert.Contains("boom", bad.QuarantineReason, StringComparison.Ordinal);
        Assert.Equal(SignalState.Running, withBad.GetStatus("healthy")!.State);
    }

    [Fact]
    public void Process_FailuresInAWindow_QuarantineEvenWhenNotConsecutive()
    {
        using var feed = Trades(40);
        using var evaluator = Harness.Evaluator(new CollectingSink(), new() { QuarantineWindowFailures = 4, QuarantineWindowEvents = 10 });
        var calls = 0;
        evaluator.Load("flaky", () => new ScriptedFirer(_ =>
        {
            if (calls++ % 2 == 0) throw new InvalidOperationException("every other");
        }));

        evaluator.Replay(feed.Journal);

        var status = evaluator.GetStatus("flaky")!;
        Assert.Equal((SignalState.Quarantined, 7L, 4L), (status.State, status.Events, status.Errors));
    }

    [Fact]
    public void Process_FuelExhausted_StoppedEachEventThenQuarantined()
    {
        using var feed = Trades(10);
        var meter = new FuelMeter();
        var sink = new CollectingSink();
        using var evaluator = Harness.Evaluator(sink, new() { FuelPerCall = 50_000 });
        evaluator.Load("spinner", () => new Spinner(meter), meter);
        evaluator.Load("healthy", () => new TradeFirer());

        evaluator.Replay(feed.Journal);

        var status = evaluator.GetStatus("spinner")!;
        Assert.Equal((SignalState.Quarantined, 5L), (status.State, status.Errors));
        Assert.Contains("fuel budget exhausted", status.LastError, StringComparison.Ordinal);
        Assert.Equal(10, sink.Fires.Count);
    }

    [Fact]
    public void Process_AllocationHog_StoppedAndQuarantined()
    {
        using var feed = Trades(10);
        using var evaluator = Harness.Evaluator(new CollectingSink(), new() { AllocationBytesPerCall = 8 * 1024 * 1024 });
        evaluator.Load("hog", () => new AllocationHog());

        evaluator.Replay(feed.Journal);

        var status = evaluator.GetStatus("hog")!;
        Assert.Equal((SignalState.Quarantined, 5L), (status.State, status.Errors));
        Assert.Contains("allocated", status.LastError, StringComparison.Ordinal);
    }

    [Fact]
    public void Process_AllocationHogBesideAHealthySignal_FoundOnItsNextCallAndQuarantined_TheOtherUnharmed()
    {
        using var feed = Trades(10);
        var sink = new CollectingSink();
        using var evaluator = Harness.Evaluator(sink, new() { AllocationBytesPerCall = 8 * 1024 * 1024 });
        evaluator.Load("hog", () => new AllocationHog());
        evaluator.Load("healthy", () => new TradeFirer());

        evaluator.Replay(feed.Journal);

        // The first event's allocation is measured for both signals together, so nobody is blamed for it;
        // from then on each call is measured, and the hog fails five times running.
        var hog = evaluator.GetStatus("hog")!;
        Assert.Equal((SignalState.Quarantined, 5L, 6L), (hog.State, hog.Errors, hog.Events));
        Assert.Contains("allocated", hog.LastError, StringComparison.Ordinal);
        var healthy = evaluator.GetStatus("healthy")!;
        Assert.Equal((SignalState.Running, 0L), (healthy.State, healthy.Errors));
        Assert.Equal(10, sink.Fires.Count);
    }

    [Fact]
    public void Process_SpinningPastTheWallClock_DrainedByTheWatchdogAndQuarantinedAtOnce()
    {
        using var feed = Trades(3);
        var meter = new FuelMeter();
        var sink = new CollectingSink();
        using var evaluator = Harness.Evaluator(sink, new() { FuelPerCall = long.MaxValue / 4, WallClockPerCall = TimeSpan.FromMilliseconds(20) });
        evaluator.Load("spinner", () => new Spinner(meter), meter);
        evaluator.Load("healthy", () => new TradeFirer());

        // Process returns only once the watchdog has drained the spinning call: no sleeps needed.
        evaluator.Replay(feed.Journal);

        var status = evaluator.GetStatus("spinner")!;
        Assert.Equal((SignalState.Quarantined, 1L), (status.State, status.Errors));
        Assert.Contains("wall clock", status.QuarantineReason, StringComparison.Ordinal);
        // At least one: a drain can be lost to the spinning Tick's own read-modify-write, so the watchdog repeats it.
        Assert.InRange(evaluator.WatchdogDrains, 1, long.MaxValue);
        Assert.Equal(3, sink.Fires.Count);
    }

    [Fact]
    public void Process_SignalCatchesTheBudgetException_StillAFailure()
    {
        using var feed = Trades(1);
        var meter = new FuelMeter();
        using var evaluator = Harness.Evaluator(new CollectingSink(), new() { FuelPerCall = 1_000 });
        evaluator.Load("sneaky", () => new ScriptedFirer(_ =>
        {
            try
            {
                while (true) meter.Tick();
            }
            catch (SignalBudgetExceededException)
            {
            }
        }), meter);

        evaluator.Replay(feed.Journal);

        Assert.Equal(1, evaluator.GetStatus("sneaky")!.Errors);
    }
}
