using Signals.Library;

namespace Market.Core.Feeds.Sim;

/// <summary>How one venue message changes a book: the events, in the order a venue sends them.</summary>
public sealed partial class SimVenue
{
    private readonly BookDelta[] _batch = new BookDelta[64];
    private int _batchCount;

    private void Seed(SimInstrument instrument)
    {
        instrument.Sequence = 1;
        for (var rank = 0; rank < _levels; rank++)
        {
            var offset = instrument.Tick * (rank + 1);
            instrument.Book.Apply(new BookDelta(instrument.InstrumentId, 0, 0, BookSide.Bid, BookAction.Set, instrument.Mid - offset, LevelSize(instrument), 1));
            instrument.Book.Apply(new BookDelta(instrument.InstrumentId, 0, 0, BookSide.Ask, BookAction.Set, instrument.Mid + offset, LevelSize(instrument), 1));
        }
    }

    /// <summary>Generates one message, applies it to the venue's book and, when <paramref name="emit"/>, sends its events.</summary>
    private int Move(SimInstrument instrument, long tsRecv, bool emit)
    {
        var book = instrument.Book;
        var sequence = ++instrument.Sequence;
        var tsEvent = TsEvent(tsRecv);
        var topBefore = (book.BestBid, book.BestAsk);
        _batchCount = 0;
        var emitted = 0;
        var roll = _random.Next(100);
        if (roll < 50)
        {
            var side = RandomSide();
            var rank = _random.Next(LevelCount(book, side));
            Set(instrument, side, book.GetLevel(side, rank).Price, LevelSize(instrument), tsEvent, tsRecv, sequence);
        }
        else if (roll < 70)
        {
            // A market order: it takes part or all of the best level on the far side.
            var aggressor = _random.Next(2) == 0 ? Side.Buy : Side.Sell;
            var side = aggressor == Side.Buy ? BookSide.Ask : BookSide.Bid;
            var best = book.GetLevel(side, 0);
            var size = Math.Min(best.Size, instrument.Lot * (1 + _random.Next(200)));
            var trade = new Trade(instrument.InstrumentId, tsEvent, tsRecv, best.Price, size, aggressor, ++_tradeId);
            if (emit)
            {
                _sink.Trade(trade);
                emitted++;
            }
            Set(instrument, side, best.Price, best.Size - size, tsEvent, tsRecv, sequence);
        }
        else if (roll < 85)
        {
            Walk(instrument, _random.Next(2) == 0 ? 1 : -1, tsEvent, tsRecv, sequence);
        }
        else
        {
            var side = RandomSide();
            var count = LevelCount(book, side);
            var level = book.GetLevel(side, count > 1 ? 1 + _random.Next(count - 1) : 0);
            Set(instrument, side, level.Price, 0, tsEvent, tsRecv, sequence);
        }
        Refill(instrument, BookSide.Bid, tsEvent, tsRecv, sequence);
        Refill(instrument, BookSide.Ask, tsEvent, tsRecv, sequence);
        if (!emit) return 0;
        for (var i = 0; i < _batchCount; i++) _sink.Delta(_batch[i], endOfBatch: i == _batchCount - 1);
        emitted += _batchCount;
        if ((book.BestBid, book.BestAsk) != topBefore)
        {
            var bid = book.BestBid.GetValueOrDefault();
            var ask = book.BestAsk.GetValueOrDefault();
            _sink.Quote(new Quote(instrument.InstrumentId, tsEvent, tsRecv, bid.Price, bid.Size, ask.Price, ask.Size, sequence));
            emitted++;
        }
        return emitted;
    }

    /// <summary>Moves the mid half a tick: improve the inside when the spread allows, else take out the far side's best level.</summary>
    private void Walk(SimInstrument instrument, int direction, long tsEvent, long tsRecv, ulong sequence)
    {
        var bid = instrument.Book.GetLevel(BookSide.Bid, 0);
        var ask = instrument.Book.GetLevel(BookSide.Ask, 0);
        var room = ask.Price - bid.Price > instrument.Tick;
        if (direction > 0)
        {
            if (room) Set(instrument, BookSide.Bid, bid.Price + instrument.Tick, LevelSize(instrument), tsEvent, tsRecv, sequence);
            else Set(instrument, BookSide.Ask, ask.Price, 0, tsEvent, tsRecv, sequence);
        }
        else
        {
            if (room) Set(instrument, BookSide.Ask, ask.Price - instrument.Tick, LevelSize(instrument), tsEvent, tsRecv, sequence);
            else Set(instrument, BookSide.Bid, bid.Price, 0, tsEvent, tsRecv, sequence);
        }
    }

    /// <summary>Keeps each side near its depth: new levels join behind the worst, excess ones leave from the back.</summary>
    private void Refill(SimInstrument instrument, BookSide side, long tsEvent, long tsRecv, ulong sequence)
    {
        var book = instrument.Book;
        var away = side == BookSide.Bid ? -instrument.Tick : instrument.Tick;
        while (LevelCount(book, side) < _levels)
        {
            var count = LevelCount(book, side);
            var price = count == 0
                ? (side == BookSide.Bid ? book.GetLevel(BookSide.Ask, 0).Price : book.GetLevel(BookSide.Bid, 0).Price) + away
                : book.GetLevel(side, count - 1).Price + away;
            if (price <= 0) break;
            Set(instrument, side, price, LevelSize(instrument), tsEvent, tsRecv, sequence);
        }
        while (LevelCount(book, side) > _levels + 5)
        {
            Set(instrument, side, book.GetLevel(side, LevelCount(book, side) - 1).Price, 0, tsEvent, tsRecv, sequence);
        }
    }

    /// <summary>Applies one absolute-size change to the venue's book and queues it for the message's batch.</summary>
    private void Set(SimInstrument instrument, BookSide side, long price, long size, long tsEvent, long tsRecv, ulong sequence)
    {
        var delta = new BookDelta(instrument.InstrumentId, tsEvent, tsRecv, side, size == 0 ? BookAction.Delete : BookAction.Set, price, size, sequence);
        instrument.Book.Apply(delta);
        if (_batchCount < _batch.Length) _batch[_batchCount++] = delta;
        else throw new InvalidOperationException("a sim message outgrew its batch"); // Refill bounds a batch well below this.
    }

    private long LevelSize(SimInstrument instrument) => instrument.Lot * (1 + _random.Next(500));

    private static int LevelCount(Signals.Library.Book.OrderBook book, BookSide side) => side == BookSide.Bid ? book.BidCount : book.AskCount;

    private BookSide RandomSide() => _random.Next(2) == 0 ? BookSide.Bid : BookSide.Ask;
}
