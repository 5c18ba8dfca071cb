using Signals.Library;

namespace Signals.Runtime.Tests.Examples;

/// <summary>
/// An L2 book rebuilt the obvious way, for the book examples' reference: a sorted dictionary per
/// side, replaced by snapshots, changed by deltas, invalid from a gap until the next snapshot.
/// </summary>
internal sealed class NaiveBook
{
    private readonly SortedDictionary<long, long> _bids = new(Comparer<long>.Create((a, b) => b.CompareTo(a)));
    private readonly SortedDictionary<long, long> _asks = new();

    public bool IsValid { get; private set; }

    public int BidCount => _bids.Count;

    public int AskCount => _asks.Count;

    /// <summary>Applies a book or gap event; true when the book is whole afterwards (a snapshot, or a venue message's last delta).</summary>
    public bool Apply(RawEvent e)
    {
        switch (e.Payload)
        {
            case BookSnapshot snapshot:
                _bids.Clear();
                _asks.Clear();
                foreach (var level in snapshot.Bids.Span) Set(_bids, level.Price, level.Size);
                foreach (var level in snapshot.Asks.Span) Set(_asks, level.Price, level.Size);
                IsValid = true;
                return true;
            case BookDelta delta:
                var side = delta.Side == BookSide.Bid ? _bids : _asks;
                if (delta.Action == BookAction.Delete) side.Remove(delta.Price);
                else if (delta.Size >= 0) Set(side, delta.Price, delta.Size);
                return e.EndOfBatch;
            case Gap:
                IsValid = false;
                return false;
            default:
                return false;
        }
    }

    /// <summary>The spread in bps of the (floored) mid, or null without both sides.</summary>
    public double? SpreadBps()
    {
        if (_bids.Count == 0 || _asks.Count == 0) return null;
        var bid = _bids.First().Key;
        var ask = _asks.First().Key;
        var mid = (bid + ask) / 2;
        return mid > 0 ? (ask - bid) * 1e4 / mid : null;
    }

    /// <summary>Total size of a side's best <paramref name="levels"/> levels.</summary>
    public long Depth(BookSide side, int levels) => (side == BookSide.Bid ? _bids : _asks).Take(levels).Sum(l => l.Value);

    private static void Set(SortedDictionary<long, long> side, long price, long size)
    {
        if (size > 0) side[price] = size;
        else side.Remove(price);
    }
}
