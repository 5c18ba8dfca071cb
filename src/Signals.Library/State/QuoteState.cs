namespace Signals.Library.State;

/// <summary>
/// The instrument's best bid and ask with sizes, and the spread and mid they imply. Declare it
/// with <see cref="Builders.Quotes"/>.
/// </summary>
/// <remarks>
/// One source at a time, never mixed: once a <see cref="Quote"/> event has been seen the state
/// follows <see cref="Quote"/> events only; until then it follows the top of the order book
/// (taken when a venue message's deltas are all applied, or from a snapshot), so it works on feeds
/// that send only books. A <see cref="Gap"/> makes it invalid until the next quote (or, from the
/// book, the next snapshot).
/// </remarks>
public sealed class QuoteState : StateBuilder
{
    private readonly BookState _book;
    private long _bookVersion = -1;
    private bool _quoteGap;

    internal QuoteState(BookState book)
    {
        _book = book;
        ReadFrom(book);
    }

    /// <inheritdoc/>
    public override EventKinds Consumes => EventKinds.Quote | EventKinds.Gap;

    /// <summary>Warm while valid.</summary>
    public override bool IsWarm => IsValid;

    /// <summary>Where the values come from.</summary>
    public QuoteSource Source { get; private set; }

    /// <summary>Whether the values are current: a quote (or, from the book, a snapshot) has arrived since the last <see cref="Gap"/>.</summary>
    public bool IsValid => Source switch
    {
        QuoteSource.Quote => !_quoteGap,
        QuoteSource.Book => _book.IsValid,
        _ => false,
    };

    /// <summary>The best bid (price and size at scale 1e-9), or null when there is none.</summary>
    public BookLevel? BestBid { get; private set; }

    /// <summary>The best ask (price and size at scale 1e-9), or null when there is none.</summary>
    public BookLevel? BestAsk { get; private set; }

    /// <summary>The receive time (UTC ns) of the quote or book update the values come from; 0 before any.</summary>
    public long LastUpdate { get; private set; }

    /// <summary>Best ask minus best bid at scale 1e-9 (negative when crossed), or null unless both sides are there.</summary>
    public long? Spread => BestBid is { } bid && BestAsk is { } ask ? ask.Price - bid.Price : null;

    /// <summary>(best bid + best ask) / 2 at scale 1e-9, rounded down; null unless both sides are there.</summary>
    public long? Mid => BestBid is { } bid && BestAsk is { } ask ? (long)(((Int128)bid.Price + ask.Price) >> 1) : null;

    /// <summary>The spread in basis points of the mid (spread / mid × 10⁴); null without both sides or with a mid of 0 or less.</summary>
    public double? SpreadBps => Spread is { } spread && Mid is { } mid && mid > 0 ? spread * 1e4 / mid : null;

    /// <summary>Changes so far; a reader that remembers it can tell whether the quote moved.</summary>
    internal long Version { get; private set; }

    /// <inheritdoc/>
    protected internal override void OnQuote(in Quote quote)
    {
        Source = QuoteSource.Quote;
        _quoteGap = false;

        // A venue sends size 0 for an empty side.
        BestBid = quote.BidSize > 0 ? new BookLevel(quote.BidPrice, quote.BidSize) : null;
        BestAsk = quote.AskSize > 0 ? new BookLevel(quote.AskPrice, quote.AskSize) : null;
        LastUpdate = quote.TsRecv;
        Version++;
    }

    /// <inheritdoc/>
    protected internal override void OnGap(in Gap gap)
    {
        _quoteGap = true;
        Version++;
    }

    /// <inheritdoc/>
    protected internal override void OnInputsUpdated(long now)
    {
        if (Source == QuoteSource.Quote || _book.Version == _bookVersion || !_book.IsWhole) return;
        _bookVersion = _book.Version;
        Source = QuoteSource.Book;
        BestBid = _book.BestBid;
        BestAsk = _book.BestAsk;
        LastUpdate = _book.LastUpdate;
        Version++;
    }
}

/// <summary>The spec behind <see cref="Builders.Quotes"/>.</summary>
internal sealed record QuotesSpec : StateSpec<QuoteState>
{
    public override string Describe() => "quotes";

    protected override QuoteState Create(IStateInputs inputs) => new(inputs.Get(new BookSpec(0)));
}
