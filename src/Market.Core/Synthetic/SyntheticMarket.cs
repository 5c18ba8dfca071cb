using Market.Core.Journal;
using Signals.Library;

namespace Market.Core.Synthetic;

/// <summary>
/// A seeded, deterministic stream of book deltas, quotes and trades over a few symbols: the
/// same seed, start and spacing give the same events, byte for byte. For tests, benchmarks and
/// crash drills; the live simulated venue is a connector of its own.
/// </summary>
/// <remarks>
/// Receive times advance by a fixed spacing; exchange times trail them by a varying latency, so
/// exchange times are sometimes out of order across symbols, as on a real feed.
/// </remarks>
public sealed class SyntheticMarket
{
    private const int Levels = 10;
    private readonly Random _random;
    private readonly long _start;
    private readonly long _spacing;
    private readonly Book[] _books;
    private long _index;
    private ulong _tradeId;

    /// <summary>Creates the stream. Symbols get base prices from a fixed table, so streams are comparable.</summary>
    public SyntheticMarket(int seed, IReadOnlyList<string> symbols, long startNanos, long spacingNanos)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(symbols.Count, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(spacingNanos, 1);
        _random = new Random(seed);
        _start = startNanos;
        _spacing = spacingNanos;
        _books = [.. symbols.Select((s, i) => new Book(s, BasePrice(i), TickSize(i)))];
    }

    /// <summary>The default symbols.</summary>
    public static IReadOnlyList<string> DefaultSymbols { get; } = ["BTC-USD", "ETH-USD", "SOL-USD"];

    /// <summary>Interns the symbols through <paramref name="writer"/>; call once before <see cref="AppendNext"/>.</summary>
    public void Intern(IJournalWriter writer)
    {
        foreach (var book in _books) book.InstrumentId = writer.Intern(book.Symbol);
    }

    /// <summary>Appends the next event; returns its kind.</summary>
    public EventKind AppendNext(IJournalWriter writer)
    {
        var i = _index++;
        var book = _books[_random.Next(_books.Length)];
        var tsRecv = _start + i * _spacing;
        var tsEvent = tsRecv - 50_000 - _random.Next(400_000); // 50..450 µs of venue-to-us latency
        var roll = _random.Next(100);
        if (roll < 3) book.Drift(_random.Next(2) == 0 ? -1 : 1);
        if (roll < 60)
        {
            var side = _random.Next(2) == 0 ? BookSide.Bid : BookSide.Ask;
            var level = _random.Next(Levels);
            var price = book.LevelPrice(side, level);
            var delete = _random.Next(10) == 0;
            var size = delete ? 0 : book.LotSize * (1 + _random.Next(500));
            writer.Append(new BookDelta(book.InstrumentId, tsEvent, tsRecv, side, delete ? BookAction.Delete : BookAction.Set, price, size, (ulong)i + 1));
            return EventKind.BookDelta;
        }
        if (roll < 85)
        {
            writer.Append(new Quote(book.InstrumentId, tsEvent, tsRecv,
                book.LevelPrice(BookSide.Bid, 0), book.LotSize * (1 + _random.Next(200)),
                book.LevelPrice(BookSide.Ask, 0), book.LotSize * (1 + _random.Next(200)), (ulong)i + 1));
            return EventKind.Quote;
        }
        var buy = _random.Next(2) == 0;
        writer.Append(new Trade(book.InstrumentId, tsEvent, tsRecv,
            book.LevelPrice(buy ? BookSide.Ask : BookSide.Bid, 0), book.LotSize * (1 + _random.Next(50)),
            buy ? Side.Buy : Side.Sell, ++_tradeId));
        return EventKind.Trade;
    }

    private static long BasePrice(int i) => i switch
    {
        0 => 43_125 * FixedPoint.Scale,
        1 => 2_250 * FixedPoint.Scale + 500_000_000,
        2 => 98 * FixedPoint.Scale + 120_000_000,
        _ => (10 + i) * FixedPoint.Scale,
    };

    private static long TickSize(int i) => i switch
    {
        0 => FixedPoint.Scale / 100,    // 0.01
        1 => FixedPoint.Scale / 100,
        _ => FixedPoint.Scale / 1_000,  // 0.001
    };

    private sealed class Book(string symbol, long mid, long tick)
    {
        public string Symbol { get; } = symbol;
        public uint InstrumentId { get; set; }
        public long LotSize { get; } = FixedPoint.Scale / 10_000;
        private long _mid = mid;

        public void Drift(int ticks) => _mid = Math.Max(tick * 10, _mid + ticks * tick);

        public long LevelPrice(BookSide side, int level) =>
            side == BookSide.Bid ? _mid - tick * (level + 1) : _mid + tick * (level + 1);
    }
}
