namespace Signals.Library.Book;

/// <summary>
/// One side of a book as a sorted array stored worst-first, so the best level is the last element.
/// </summary>
/// <remarks>
/// Why a sorted array and not a tree: real books hold tens to thousands of levels and almost all
/// updates land within a few levels of the top. Storing the top at the end makes those updates a
/// binary search plus a shift of a handful of elements, with no per-update allocation and with
/// depth reads being a contiguous copy. A deep update costs an O(n) shift of 16-byte structs,
/// which for a few thousand levels is still a short memmove.
/// </remarks>
internal sealed class LevelArray(bool bestIsHighest)
{
    private BookLevel[] _levels = new BookLevel[16];

    public int Count { get; private set; }

    /// <summary>The level <paramref name="rank"/> places from the top (0 is the best).</summary>
    public ref readonly BookLevel FromTop(int rank) => ref _levels[Count - 1 - rank];

    /// <summary>Sets the absolute size at <paramref name="price"/>; 0 removes the level.</summary>
    public void Set(long price, long size)
    {
        var index = Find(price);
        if (index >= 0)
        {
            if (size == 0)
            {
                RemoveAt(index);
            }
            else
            {
                _levels[index] = new BookLevel(price, size);
            }

            return;
        }

        if (size == 0)
        {
            return;
        }

        index = ~index;
        if (Count == _levels.Length)
        {
            Array.Resize(ref _levels, _levels.Length * 2);
        }

        Array.Copy(_levels, index, _levels, index + 1, Count - index);
        _levels[index] = new BookLevel(price, size);
        Count++;
    }

    public void Clear() => Count = 0;

    /// <summary>Replaces the side with <paramref name="bestFirst"/>, which is normally sorted and free of zero sizes.</summary>
    public void Replace(ReadOnlySpan<BookLevel> bestFirst)
    {
        if (_levels.Length < bestFirst.Length)
        {
            _levels = new BookLevel[Math.Max(bestFirst.Length, _levels.Length * 2)];
        }

        var ordered = true;
        for (var i = 0; i < bestFirst.Length; i++)
        {
            _levels[bestFirst.Length - 1 - i] = bestFirst[i];
            ordered &= bestFirst[i].Size > 0 && (i == 0 || IsBetter(bestFirst[i - 1].Price, bestFirst[i].Price));
        }

        Count = bestFirst.Length;
        if (ordered)
        {
            return;
        }

        // A venue snapshot out of order, with duplicates or with empty levels: rebuild it level by
        // level so the invariants hold. Rare, so the quadratic worst case does not matter.
        Count = 0;
        foreach (var level in bestFirst)
        {
            Set(level.Price, Math.Max(level.Size, 0));
        }
    }

    /// <summary>Copies up to <paramref name="destination"/>.Length levels, best first; returns how many.</summary>
    public int CopyBestFirst(Span<BookLevel> destination)
    {
        var n = Math.Min(Count, destination.Length);
        for (var i = 0; i < n; i++)
        {
            destination[i] = _levels[Count - 1 - i];
        }

        return n;
    }

    /// <summary>The summed size of the top <paramref name="levels"/> levels, wide so it cannot overflow.</summary>
    public Int128 Volume(int levels)
    {
        var top = _levels.AsSpan(Count - Math.Min(Math.Max(levels, 0), Count), Math.Min(Math.Max(levels, 0), Count));
        // Summed in a long (readers call this per event); sizes are positive, so a negative sum means it
        // overflowed, and the wide sum starts again.
        long sum = 0;
        foreach (ref readonly var level in top)
        {
            sum += level.Size;
            if (sum < 0) return WideVolume(top);
        }

        return sum;
    }

    private static Int128 WideVolume(ReadOnlySpan<BookLevel> levels)
    {
        Int128 sum = 0;
        foreach (ref readonly var level in levels) sum += level.Size;
        return sum;
    }

    private bool IsBetter(long a, long b) => bestIsHighest ? a > b : a < b;

    // Binary search in storage order (worst first): ascending for bids, descending for asks.
    private int Find(long price)
    {
        int lo = 0, hi = Count - 1;
        while (lo <= hi)
        {
            var mid = (lo + hi) >>> 1;
            var p = _levels[mid].Price;
            if (p == price)
            {
                return mid;
            }

            if (IsBetter(price, p))
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid - 1;
            }
        }

        return ~lo;
    }

    private void RemoveAt(int index)
    {
        Count--;
        Array.Copy(_levels, index + 1, _levels, index, Count - index);
    }
}
