using Signals.Library.Book;

namespace Signals.Library.State;

/// <summary>
/// The instrument's L2 order book, from <see cref="BookDelta"/> and <see cref="BookSnapshot"/>
/// events, with the reads signals need. Declare it with <see cref="Builders.Book"/>.
/// </summary>
/// <remarks>
/// A <see cref="Gap"/> makes the book <see cref="IsValid"/> false until the next snapshot: levels
/// keep updating from deltas meanwhile (sizes are absolute, so the book often converges), but
/// something may have been missed. Read the book in <see cref="Signal.OnBookChanged"/>, where a
/// venue message's deltas have all been applied.
/// </remarks>
public sealed class BookState : StateBuilder
{
    private readonly OrderBook _book = new();
    private readonly int _depth;

    internal BookState(int depth) => _depth = depth;

    /// <inheritdoc/>
    public override EventKinds Consumes => EventKinds.Book | EventKinds.Gap;

    /// <summary>Warm once the book is valid: it has seen a snapshot since the last gap.</summary>
    public override bool IsWarm => IsValid;

    /// <summary>How many levels per side the reads see; 0 means all.</summary>
    public int Depth => _depth;

    /// <summary>Whether the book has seen a snapshot and no <see cref="Gap"/> since it; when false, levels may be wrong.</summary>
    public bool IsValid { get; private set; }

    /// <summary>The receive time (UTC ns) of the last delta or snapshot applied; 0 before any.</summary>
    public long LastUpdate => _book.LastUpdate;

    /// <summary>The venue sequence of the last delta or snapshot applied; 0 before any or when the venue sends none.</summary>
    public ulong VenueSequence => _book.VenueSequence;

    /// <summary>Bid levels visible (capped at <see cref="Depth"/> when it is set).</summary>
    public int BidCount => Cap(_book.BidCount);

    /// <summary>Ask levels visible (capped at <see cref="Depth"/> when it is set).</summary>
    public int AskCount => Cap(_book.AskCount);

    /// <summary>The highest bid (price and size at scale 1e-9), or null when there are no bids.</summary>
    public BookLevel? BestBid => _book.BestBid;

    /// <summary>The lowest ask (price and size at scale 1e-9), or null when there are no asks.</summary>
    public BookLevel? BestAsk => _book.BestAsk;

    /// <summary>Best ask minus best bid at scale 1e-9 (negative when crossed), or null unless both sides have a level.</summary>
    public long? Spread => _book.Spread;

    /// <summary>(best bid + best ask) / 2 at scale 1e-9, rounded down; null unless both sides have a level.</summary>
    public long? Mid => _book.Mid;

    /// <summary>The spread in basis points of the mid (spread / mid × 10⁴); null without both sides or with a mid of 0 or less.</summary>
    public double? SpreadBps
    {
        get
        {
            if (!_book.TryGetTop(out var bid, out var ask)) return null;
            var mid = OrderBook.Midpoint(bid, ask);
            return mid > 0 ? (ask - bid) * 1e4 / mid : null;
        }
    }

    /// <summary>Whether the best bid is above the best ask (a locked book, bid equal to ask, is not crossed).</summary>
    public bool IsCrossed => _book.IsCrossed;

    /// <summary>Changes applied so far; a reader that remembers it can tell whether the book moved.</summary>
    internal long Version { get; private set; }

    /// <summary>False between a delta that does not end its venue message and the one that does: the book is half-updated.</summary>
    internal bool IsWhole { get; private set; } = true;

    /// <summary>
    /// (bid volume − ask volume) / (bid volume + ask volume) over the top <paramref name="levels"/>
    /// of each side: 1 when only bids rest, −1 when only asks do, 0 for an empty book.
    /// </summary>
    /// <param name="levels">Levels from the top of each side (capped at <see cref="Depth"/>).</param>
    /// <returns>A value in [−1, 1].</returns>
    public double Imbalance(int levels) => _book.Imbalance(Cap(levels));

    /// <summary>The summed size of a side's top <paramref name="levels"/> levels, at scale 1e-9.</summary>
    /// <param name="side">The side.</param>
    /// <param name="levels">Levels from the top (capped at <see cref="Depth"/>); 0 or less gives 0.</param>
    /// <returns>The volume at scale 1e-9.</returns>
    public long DepthVolume(BookSide side, int levels) => _book.DepthVolume(side, Cap(levels));

    /// <summary>The level <paramref name="rank"/> places from the top of a side (0 is the best), or null when the side has no such level.</summary>
    /// <param name="side">The side.</param>
    /// <param name="rank">0 for the best level.</param>
    /// <returns>The level, or null.</returns>
    public BookLevel? Level(BookSide side, int rank)
    {
        var count = side == BookSide.Bid ? BidCount : AskCount;
        return rank >= 0 && rank < count ? _book.GetLevel(side, rank) : null;
    }

    /// <inheritdoc/>
    protected internal override void OnBookDelta(in BookDelta delta, bool endOfBatch)
    {
        _book.Apply(delta);
        IsWhole = endOfBatch;
        Version++;
    }

    /// <inheritdoc/>
    protected internal override void OnBookSnapshot(in BookSnapshot snapshot)
    {
        _book.Apply(snapshot);
        IsValid = true;
        IsWhole = true;
        Version++;
    }

    /// <inheritdoc/>
    protected internal override void OnGap(in Gap gap)
    {
        IsValid = false;
        Version++;
    }

    private int Cap(int levels) => _depth > 0 && levels > _depth ? _depth : levels;
}

/// <summary>The spec behind <see cref="Builders.Book"/>.</summary>
internal sealed record BookSpec(int Depth) : StateSpec<BookState>
{
    public override string Describe() => Depth == 0 ? "book" : $"book({Depth})";

    protected override BookState Create(IStateInputs inputs) => new(Depth);
}
