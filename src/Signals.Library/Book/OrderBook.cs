namespace Signals.Library.Book;

/// <summary>
/// An L2 book built from <see cref="BookDelta"/> and <see cref="BookSnapshot"/> events: the total
/// size at each price, bids best (highest) first and asks best (lowest) first. Updates allocate
/// nothing once the sides have grown to the book's depth. Not thread-safe.
/// </summary>
public sealed class OrderBook
{
    private readonly LevelArray _bids = new(bestIsHighest: true);
    private readonly LevelArray _asks = new(bestIsHighest: false);

    /// <summary>Bid levels held.</summary>
    public int BidCount => _bids.Count;

    /// <summary>Ask levels held.</summary>
    public int AskCount => _asks.Count;

    /// <summary>The highest bid, or null when there are no bids.</summary>
    public BookLevel? BestBid => _bids.Count > 0 ? _bids.FromTop(0) : null;

    /// <summary>The lowest ask, or null when there are no asks.</summary>
    public BookLevel? BestAsk => _asks.Count > 0 ? _asks.FromTop(0) : null;

    /// <summary>Best ask minus best bid at scale 1e-9 (negative when crossed), or null unless both sides have a level.</summary>
    public long? Spread => _bids.Count > 0 && _asks.Count > 0 ? _asks.FromTop(0).Price - _bids.FromTop(0).Price : null;

    /// <summary>
    /// The midpoint of best bid and best ask at scale 1e-9, rounded toward negative infinity when
    /// it falls between two representable values; null unless both sides have a level.
    /// </summary>
    public long? Mid => _bids.Count > 0 && _asks.Count > 0 ? Midpoint(_bids.FromTop(0).Price, _asks.FromTop(0).Price) : null;

    /// <summary>Whether the best bid is above the best ask. A locked book (equal prices) is not crossed.</summary>
    public bool IsCrossed => _bids.Count > 0 && _asks.Count > 0 && _bids.FromTop(0).Price > _asks.FromTop(0).Price;

    /// <summary>The venue sequence of the last applied event; 0 before any.</summary>
    public ulong VenueSequence { get; private set; }

    /// <summary>The receive time (TsRecv) of the last applied event; 0 before any.</summary>
    public long LastUpdate { get; private set; }

    /// <summary>
    /// Applies one level change: <see cref="BookAction.Set"/> replaces the size at the price (size 0
    /// removes the level), <see cref="BookAction.Delete"/> removes it. Removing a level that is not
    /// there changes no level but still records the event's sequence and time.
    /// </summary>
    /// <param name="delta">The change.</param>
    /// <returns>False, leaving the book untouched, when the side or action is undefined or a set has a negative size.</returns>
    public bool Apply(in BookDelta delta)
    {
        var side = delta.Side switch
        {
            BookSide.Bid => _bids,
            BookSide.Ask => _asks,
            _ => null,
        };
        if (side is null || (delta.Action == BookAction.Set && delta.Size < 0))
        {
            return false;
        }

        switch (delta.Action)
        {
            case BookAction.Set:
                side.Set(delta.Price, delta.Size);
                break;
            case BookAction.Delete:
                side.Set(delta.Price, 0);
                break;
            default:
                return false;
        }

        VenueSequence = delta.VenueSequence;
        LastUpdate = delta.TsRecv;
        return true;
    }

    /// <summary>
    /// Replaces the whole book with a snapshot. Levels are normally sorted best first; out-of-order,
    /// repeated (last wins) or non-positive levels are tolerated and normalised.
    /// </summary>
    /// <param name="snapshot">The book to take.</param>
    public void Apply(in BookSnapshot snapshot)
    {
        _bids.Replace(snapshot.Bids.Span);
        _asks.Replace(snapshot.Asks.Span);
        VenueSequence = snapshot.VenueSequence;
        LastUpdate = snapshot.TsRecv;
    }

    /// <summary>Empties the book and forgets the last sequence and update time.</summary>
    public void Clear()
    {
        _bids.Clear();
        _asks.Clear();
        VenueSequence = 0;
        LastUpdate = 0;
    }

    /// <summary>Copies the best bids, best first, as many as fit.</summary>
    /// <param name="destination">Where to copy; its length is the depth asked for.</param>
    /// <returns>The number of levels copied.</returns>
    public int GetBids(Span<BookLevel> destination) => _bids.CopyBestFirst(destination);

    /// <summary>Copies the best asks, best first, as many as fit.</summary>
    /// <param name="destination">Where to copy; its length is the depth asked for.</param>
    /// <returns>The number of levels copied.</returns>
    public int GetAsks(Span<BookLevel> destination) => _asks.CopyBestFirst(destination);

    /// <summary>The level <paramref name="rank"/> places from the top of a side (0 is the best).</summary>
    /// <param name="side">The side.</param>
    /// <param name="rank">0 to the side's count minus 1.</param>
    /// <returns>The level.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="rank"/> is outside the side or <paramref name="side"/> is undefined.</exception>
    public BookLevel GetLevel(BookSide side, int rank)
    {
        var levels = Side(side);
        ArgumentOutOfRangeException.ThrowIfNegative(rank);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(rank, levels.Count);
        return levels.FromTop(rank);
    }

    /// <summary>The summed size of a side's top <paramref name="levels"/> levels (all of them when fewer).</summary>
    /// <param name="side">The side.</param>
    /// <param name="levels">How many levels from the top; 0 or less gives 0.</param>
    /// <returns>The volume at scale 1e-9.</returns>
    /// <exception cref="OverflowException">The sum exceeds a long (over about 9.2e9 units).</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="side"/> is undefined.</exception>
    public long DepthVolume(BookSide side, int levels) => checked((long)Side(side).Volume(levels));

    /// <summary>
    /// (bid volume − ask volume) / (bid volume + ask volume) over the top <paramref name="levels"/>
    /// of each side: 1 when only bids rest, −1 when only asks do, 0 for an empty book.
    /// </summary>
    /// <param name="levels">How many levels from the top of each side.</param>
    /// <returns>A value in [−1, 1].</returns>
    public double Imbalance(int levels)
    {
        var bid = _bids.Volume(levels);
        var ask = _asks.Volume(levels);
        var total = bid + ask;
        return total == 0 ? 0 : (double)(bid - ask) / (double)total;
    }

    /// <summary>The full book as a snapshot event with one array for both sides; it does not alias the book.</summary>
    /// <param name="tsEvent">The snapshot's exchange time.</param>
    /// <param name="tsRecv">The snapshot's receive time.</param>
    /// <param name="instrumentId">The instrument the book is for.</param>
    /// <returns>A snapshot carrying <see cref="VenueSequence"/>.</returns>
    public BookSnapshot Snapshot(long tsEvent, long tsRecv, uint instrumentId)
    {
        var levels = new BookLevel[_bids.Count + _asks.Count];
        _bids.CopyBestFirst(levels);
        _asks.CopyBestFirst(levels.AsSpan(_bids.Count));
        return new BookSnapshot(instrumentId, tsEvent, tsRecv, VenueSequence, levels.AsMemory(0, _bids.Count), levels.AsMemory(_bids.Count));
    }

    /// <summary>Best bid and best ask prices, when both sides have a level: one check for readers that need both.</summary>
    internal bool TryGetTop(out long bid, out long ask)
    {
        if (_bids.Count > 0 && _asks.Count > 0)
        {
            bid = _bids.FromTop(0).Price;
            ask = _asks.FromTop(0).Price;
            return true;
        }
        bid = ask = 0;
        return false;
    }

    /// <summary>⌊(a + b) / 2⌋ without overflow (halves first, plus the carry of two odd values), exact like the wide sum.</summary>
    internal static long Midpoint(long a, long b) => (a >> 1) + (b >> 1) + (a & b & 1);

    private LevelArray Side(BookSide side) => side == BookSide.Bid ? _bids : side == BookSide.Ask ? _asks : ThrowSide(side);

    [System.Diagnostics.CodeAnalysis.DoesNotReturn]
    private static LevelArray ThrowSide(BookSide side) => throw new ArgumentOutOfRangeException(nameof(side), side, "a book side is Bid or Ask");
}
