using Signals.Library;

namespace Deepwater.Cli.Bench;

/// <summary>The random book traffic the benchmarks journal: prices near 1,000, mostly within 15 ticks of the touch, one delta in five a delete.</summary>
internal static class RandomBook
{
    /// <summary>One random level change of instrument <paramref name="id"/> received at <paramref name="ts"/>.</summary>
    public static BookDelta Delta(Random random, uint id, long ts, long sequence)
    {
        var side = random.Next(2) == 0 ? BookSide.Bid : BookSide.Ask;
        var offset = random.Next(10) < 8 ? random.Next(15) : random.Next(100);
        var price = (side == BookSide.Bid ? 1_000 - offset : 1_001 + offset) * 10_000_000L;
        var delete = random.Next(5) == 0;
        return new BookDelta(id, ts - 500, ts, side, delete ? BookAction.Delete : BookAction.Set, price,
            delete ? 0 : random.Next(1, 500) * 1_000_000L, (ulong)sequence);
    }
}
