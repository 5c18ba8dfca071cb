namespace Signals.Library.State;

/// <summary>Where a <see cref="QuoteState"/> took its top of book from.</summary>
public enum QuoteSource
{
    /// <summary>Nothing yet.</summary>
    None = 0,

    /// <summary><see cref="Quote"/> events (a ticker or top-of-book stream).</summary>
    Quote = 1,

    /// <summary>The top of the order book, because no <see cref="Quote"/> event has been seen.</summary>
    Book = 2,
}
