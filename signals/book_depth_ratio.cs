using Signals.Library;
using Signals.Library.State;

/// <summary>One side of the book is much thinner than the other across the top levels.</summary>
public sealed class BookDepthRatio : Signal
{
    private StateKey<BookState> _book = null!;
    private int _levels;
    private double _ratio;
    // Per instrument: OnTimer runs once per instrument seen, so one shared field would flip between them.
    private readonly Dictionary<(string Feed, uint Instrument), int> _states = new();

    public override void Configure(SignalSetup setup)
    {
        setup.Describe("Bid depth over ask depth in the top levels leaves [1/ratio, ratio]; checked once a second.");
        setup.Subscribe("*", "*", EventKinds.Book | EventKinds.Gap);
        _book = setup.Use(Builders.Book());
        _levels = (int)setup.Parameter("levels", 10, "book levels per side to sum");
        _ratio = setup.Parameter("ratio", 3, "bid/ask depth ratio (or its inverse) that fires");
        setup.Every(TimeSpan.FromSeconds(1));
    }

    public override void OnTimer(SignalContext context)
    {
        var book = context.State(_book);
        if (!book.IsValid) return;
        var bids = book.DepthVolume(BookSide.Bid, _levels);
        var asks = book.DepthVolume(BookSide.Ask, _levels);
        if (bids <= 0 || asks <= 0) return;
        var ratio = (double)bids / asks;
        var state = ratio >= _ratio ? 1 : ratio <= 1 / _ratio ? -1 : 0;
        var key = (context.Feed, context.InstrumentId);
        _states.TryGetValue(key, out var previous);
        if (state != 0 && state != previous)
        {
            context.Fire(state > 0 ? "bids outweigh asks" : "asks outweigh bids",
                ("ratio", ratio), ("bid_depth", FixedPoint.ToDouble(bids)), ("ask_depth", FixedPoint.ToDouble(asks)), ("levels", _levels));
        }
        _states[key] = state;
    }
}
