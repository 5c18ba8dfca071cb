namespace Signals.Library.State;

/// <summary>What a <see cref="BookSource"/> reads off the book.</summary>
internal enum BookField
{
    Mid,
    Spread,
    SpreadBps,
    Microprice,
    Imbalance,
}

/// <summary>
/// One number read off the shared book each time it is whole again (a venue message's deltas all
/// applied, or a snapshot), while it is valid: a book that may have missed updates publishes nothing.
/// </summary>
internal sealed class BookSource : Series
{
    private readonly BookState _book;
    private readonly BookField _field;
    private readonly int _levels;
    private long _seen = -1;

    public BookSource(BookState book, BookField field, int levels)
    {
        _book = book;
        _field = field;
        _levels = levels;
        ReadFrom(book);
    }

    public override EventKinds Consumes => EventKinds.None;

    public override bool IsWarm => HasValue && _book.IsValid;

    protected internal override void OnInputsUpdated(long now)
    {
        if (_book.Version == _seen || !_book.IsWhole || !_book.IsValid) return;
        _seen = _book.Version;
        if (Read() is { } value) Publish(value, now);
    }

    private double? Read()
    {
        switch (_field)
        {
            case BookField.Mid:
                return _book.Mid is { } mid ? FixedPoint.ToDouble(mid) : null;
            case BookField.Spread:
                return _book.Spread is { } spread ? FixedPoint.ToDouble(spread) : null;
            case BookField.SpreadBps:
                return _book.SpreadBps;
            case BookField.Imbalance:
                return _book.BidCount + _book.AskCount > 0 ? _book.Imbalance(_levels) : null;
            default:
                if (_book.BestBid is not { } bid || _book.BestAsk is not { } ask || bid.Size + ask.Size <= 0) return null;

                // Each side's price is weighted by the other side's size: a thin ask pulls the fair price up toward it.
                var bidSize = (double)bid.Size;
                var askSize = (double)ask.Size;
                return ((FixedPoint.ToDouble(bid.Price) * askSize) + (FixedPoint.ToDouble(ask.Price) * bidSize)) / (bidSize + askSize);
        }
    }
}

/// <summary>The spec behind the book-derived <see cref="Sources"/>.</summary>
internal sealed record BookSourceSpec(BookField Field, int Levels) : SeriesSpec
{
    public override string Describe() => Field switch
    {
        BookField.Mid => "mid_price",
        BookField.Spread => "spread",
        BookField.SpreadBps => "spread_bps",
        BookField.Microprice => "microprice",
        _ => $"book_imbalance({Levels})",
    };

    protected override Series Create(IStateInputs inputs) => new BookSource(inputs.Get(new BookSpec(0)), Field, Levels);
}
