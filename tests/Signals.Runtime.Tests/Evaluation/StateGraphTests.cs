using Signals.Library;
using Signals.Library.State;
using Signals.Runtime.Tests.Support;

namespace Signals.Runtime.Tests.Evaluation;

public sealed class StateGraphTests
{
    /// <summary>Reads the shared book on every book change and remembers the instance it saw.</summary>
    private sealed class BookReader(TestBookSpec spec, List<(string Signal, TestBook Book, long Updates)> seen) : Signal
    {
        private StateKey<TestBook> _book = null!;

        public override void Configure(SignalSetup setup)
        {
            setup.Subscribe("*", "*", EventKinds.Book);
            _book = setup.Use(spec);
        }

        public override void OnBookChanged(SignalContext context)
        {
            var book = context.State(_book);
            seen.Add((context.SignalName, book, book.Updates));
        }
    }

    /// <summary>Reads a derived series and its input, to check the input updated first.</summary>
    private sealed class MidReader(TestMidSpec spec, List<(double Mid, long? BookMid)> seen) : Signal
    {
        private StateKey<Series> _mid = null!;
        private StateKey<TestBook> _book = null!;

        public override void Configure(SignalSetup setup)
        {
            setup.Subscribe("*", "*", EventKinds.Book);
            _mid = setup.Use(spec);
            _book = setup.Use(spec.Book);
        }

        public override void OnBookChanged(SignalContext context) => seen.Add((context.State(_mid).Value, context.State(_book).Mid));
    }

    [Fact]
    public void Process_TwoSignalsOneSpec_ShareOneBuilderUpdatedOncePerEvent()
    {
        var probe = new BuilderProbe();
        var seen = new List<(string Signal, TestBook Book, long Updates)>();
        using var feed = new FeedWriter();
        feed.Delta("BTC-USD", 1, BookSide.Bid, 99, 1);
        feed.Delta("BTC-USD", 2, BookSide.Ask, 101, 1);
        feed.Delta("ETH-USD", 3, BookSide.Ask, 11, 1);
        using var evaluator = Harness.Evaluator(new CollectingSink());
        // Equal specs (records) built separately: dedup is by value, not by instance.
        evaluator.Load("a", () => new BookReader(new TestBookSpec(probe), seen));
        evaluator.Load("b", () => new BookReader(new TestBookSpec(probe), seen));
        probe.Created = 0; // each load builds its specs once, as a check

        evaluator.Replay(feed.Journal);

        Assert.Equal(2, probe.Created); // one per instrument
        Assert.Single(evaluator.Graph.Specs);
        Assert.Same(seen[0].Book, seen[1].Book);
        Assert.Equal([1L, 1, 2, 2, 1, 1], seen.Select(s => s.Updates));
        Assert.NotSame(seen[0].Book, seen[4].Book);
    }

    [Fact]
    public void Process_DerivedBuilder_UpdatesAfterItsInputBeforeSignals()
    {
        var probe = new BuilderProbe();
        var seen = new List<(double Mid, long? BookMid)>();
        using var feed = new FeedWriter();
        feed.Delta("BTC-USD", 1, BookSide.Bid, 99, 1);
        feed.Delta("BTC-USD", 2, BookSide.Ask, 101, 1);
        feed.Delta("BTC-USD", 3, BookSide.Ask, 103, 1);
        feed.Delta("BTC-USD", 4, BookSide.Ask, 101, 0);
        using var evaluator = Harness.Evaluator(new CollectingSink());
        evaluator.Load("m", () => new MidReader(new TestMidSpec(new TestBookSpec(probe)), seen));
        probe.Log.Clear();

        evaluator.Replay(feed.Journal);

        Assert.Equal(["book", "mid", "book", "mid", "book", "mid", "book", "mid"], probe.Log);
        Assert.Equal(
            [(double.NaN, null), (100.0 * FixedPoint.Scale, 100 * FixedPoint.Scale), (100.0 * FixedPoint.Scale, 100 * FixedPoint.Scale), (101.0 * FixedPoint.Scale, 101 * FixedPoint.Scale)],
            seen);
    }

    [Fact]
    public void Replace_SameSpec_KeepsTheBuilderAndItsState()
    {
        var probe = new BuilderProbe();
        var seen = new List<(string Signal, TestBook Book, long Updates)>();
        using var feed = new FeedWriter();
        feed.Delta("BTC-USD", 1, BookSide.Bid, 99, 1);
        feed.Delta("BTC-USD", 2, BookSide.Ask, 101, 1);
        using var evaluator = Harness.Evaluator(new CollectingSink());
        evaluator.Load("a", () => new BookReader(new TestBookSpec(probe), seen));

        evaluator.Step(feed.Journal, sequence =>
        {
            if (sequence == 1) Assert.True(evaluator.Replace("a", Harness.Define("a", () => new BookReader(new TestBookSpec(probe), seen), commit: "c2")).Loaded);
        });

        Assert.Same(seen[0].Book, seen[1].Book);
        Assert.Equal(2, seen[1].Updates);
    }
}
