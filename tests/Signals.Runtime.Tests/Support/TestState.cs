using Signals.Library;
using Signals.Library.Book;
using Signals.Library.State;

namespace Signals.Runtime.Tests.Support;

/// <summary>Records what test builders did: instances created and updates, in order.</summary>
internal sealed class BuilderProbe
{
    public int Created;
    public List<string> Log { get; } = [];
}

/// <summary>A test-only order book builder (the real ones are written elsewhere).</summary>
internal sealed record TestBookSpec(BuilderProbe? Probe = null) : StateSpec<TestBook>
{
    public override string Describe() => "test_book";

    protected override TestBook Create(IStateInputs inputs)
    {
        if (Probe is not null) Probe.Created++;
        return new TestBook(Probe);
    }
}

internal sealed class TestBook(BuilderProbe? probe) : StateBuilder
{
    private readonly OrderBook _book = new();

    public override EventKinds Consumes => EventKinds.Book;

    public long Updates { get; private set; }

    public long? Mid => _book.Mid;

    public BookLevel? BestBid => _book.BestBid;

    protected internal override void OnBookDelta(in BookDelta delta, bool endOfBatch)
    {
        _book.Apply(delta);
        Updates++;
        probe?.Log.Add("book");
    }

    protected internal override void OnBookSnapshot(in BookSnapshot snapshot)
    {
        _book.Apply(snapshot);
        Updates++;
        probe?.Log.Add("book");
    }
}

/// <summary>A derived builder: the book's mid as a series, to check inputs update first.</summary>
internal sealed record TestMidSpec(TestBookSpec Book) : SeriesSpec
{
    public override string Describe() => $"mid({Book.Describe()})";

    protected override Series Create(IStateInputs inputs) => new TestMid(inputs.Get(Book), Book.Probe);
}

internal sealed class TestMid : Series
{
    private readonly TestBook _book;
    private readonly BuilderProbe? _probe;

    public TestMid(TestBook book, BuilderProbe? probe)
    {
        _book = book;
        _probe = probe;
        ReadFrom(book);
    }

    public override EventKinds Consumes => EventKinds.None;

    protected internal override void OnInputsUpdated(long now)
    {
        _probe?.Log.Add("mid");
        if (_book.Mid is { } mid) Publish(mid, now);
    }
}

/// <summary>A spec whose builder cannot be created.</summary>
internal sealed record BrokenSpec : StateSpec<TestBook>
{
    public override string Describe() => "broken";

    protected override TestBook Create(IStateInputs inputs) => throw new InvalidOperationException("no book for you");
}
