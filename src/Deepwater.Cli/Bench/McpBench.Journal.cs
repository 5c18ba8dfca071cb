using Market.Core.Books;
using Market.Core.Journal;
using Signals.Library;
using Signals.Library.Book;

namespace Deepwater.Cli.Bench;

/// <summary>The seeded journal <c>deepwater bench mcp</c> serves.</summary>
internal static partial class McpBench
{
    private const long T0 = 1_767_225_600_000_000_000; // 2026-01-01T00:00:00Z

    /// <summary>What the workload needs to know of the journal: its symbols and time span.</summary>
    internal sealed record BenchJournal(string[] Symbols, long First, long Last, long Trades, long Checkpoints);

    /// <summary>
    /// Book deltas near a mid of 1000 with one trade in ten, 0–3 ms apart (10 M events span about four
    /// hours), and book checkpoints every 50k deltas or 10 s per instrument, as the recorder writes them.
    /// </summary>
    private static BenchJournal Build(string directory, McpBenchOptions options)
    {
        var random = new Random(options.Seed);
        using var journal = MmapJournal.Open(directory, new JournalOptions(), create: true);
        using var writer = journal.OpenWriter();
        var symbols = Enumerable.Range(0, options.Instruments).Select(i => $"SYN{i}-USD").ToArray();
        var ids = symbols.Select(writer.Intern).ToArray();
        var books = ids.Select(_ => new OrderBook()).ToArray();
        var checkpointer = new BookCheckpointer(writer, new BookCheckpointOptions(EveryDeltas: 50_000, EveryNanos: 10_000_000_000));
        var ts = T0;
        long trades = 0;
        for (long i = 0; i < options.Events; i++)
        {
            ts += random.Next(4) * 1_000_000L;
            var k = random.Next(ids.Length);
            if (random.Next(10) == 0)
            {
                var buy = random.Next(2) == 0;
                writer.Append(new Trade(ids[k], ts - 500, ts, (1_000 + (buy ? 1 : 0)) * 10_000_000L, random.Next(1, 100) * 1_000_000L,
                    buy ? Side.Buy : Side.Sell, (ulong)i + 1));
                trades++;
                continue;
            }
            var delta = RandomBook.Delta(random, ids[k], ts, i + 1);
            writer.Append(delta);
            books[k].Apply(delta);
            checkpointer.OnDelta(delta, books[k]);
        }
        writer.Commit();
        return new BenchJournal(symbols, T0, ts, trades, checkpointer.Written);
    }
}
