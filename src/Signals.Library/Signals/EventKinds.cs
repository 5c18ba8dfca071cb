namespace Signals.Library;

/// <summary>A set of <see cref="EventKind"/>s, for subscriptions and for what a state builder consumes.</summary>
[Flags]
public enum EventKinds
{
    /// <summary>No events.</summary>
    None = 0,

    /// <summary><see cref="Library.Trade"/> events.</summary>
    Trade = 1 << EventKind.Trade,

    /// <summary><see cref="Library.BookDelta"/> events.</summary>
    BookDelta = 1 << EventKind.BookDelta,

    /// <summary><see cref="Library.BookSnapshot"/> events.</summary>
    BookSnapshot = 1 << EventKind.BookSnapshot,

    /// <summary><see cref="Library.Quote"/> events.</summary>
    Quote = 1 << EventKind.Quote,

    /// <summary><see cref="Library.InstrumentStatus"/> events.</summary>
    InstrumentStatus = 1 << EventKind.InstrumentStatus,

    /// <summary><see cref="Library.Gap"/> events.</summary>
    Gap = 1 << EventKind.Gap,

    /// <summary>Everything that changes a book: deltas and snapshots.</summary>
    Book = BookDelta | BookSnapshot,

    /// <summary>Every market event kind.</summary>
    All = Trade | Book | Quote | InstrumentStatus | Gap,
}

/// <summary>Conversions between <see cref="EventKind"/> and <see cref="EventKinds"/>.</summary>
public static class EventKindsExtensions
{
    /// <summary>The one-kind set for <paramref name="kind"/>.</summary>
    /// <param name="kind">A market event kind.</param>
    /// <returns>The matching flag, or <see cref="EventKinds.None"/> for kinds that are not market events.</returns>
    public static EventKinds ToSet(this EventKind kind) => kind is > EventKind.None and < EventKind.SignalFire ? (EventKinds)(1 << (int)kind) : EventKinds.None;

    /// <summary>Whether <paramref name="set"/> holds <paramref name="kind"/>.</summary>
    /// <param name="set">A set of kinds.</param>
    /// <param name="kind">One kind.</param>
    /// <returns>True when the kind is in the set.</returns>
    public static bool Has(this EventKinds set, EventKind kind) => (set & kind.ToSet()) != 0;
}
