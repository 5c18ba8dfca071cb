using Signals.Library;
using Signals.Library.Book;

namespace Market.Core.Feeds.Sim;

/// <summary>One listed instrument: its book (the venue's truth), tick, lot and venue sequence.</summary>
internal sealed class SimInstrument(string symbol, long mid, long tick)
{
    public string Symbol { get; } = symbol;
    public long Mid { get; } = mid;
    public long Tick { get; } = tick;
    public long Lot { get; } = FixedPoint.Scale / 10_000;
    public OrderBook Book { get; } = new();
    public uint InstrumentId { get; set; }
    public bool Listed { get; set; }

    /// <summary>The venue sequence of the last message, emitted or not.</summary>
    public ulong Sequence { get; set; }

    /// <summary>Messages still to be generated but not emitted (a sequence gap in progress).</summary>
    public int Skipping { get; set; }
}
