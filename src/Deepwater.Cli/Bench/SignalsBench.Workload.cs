using Market.Core.Journal;
using Signals.Library;

namespace Deepwater.Cli.Bench;

/// <summary>The benchmark's synthetic journal and its signal sources.</summary>
internal static partial class SignalsBench
{
    private const long Tick = FixedPoint.Scale / 100;
    private static readonly string[] Instruments = ["BTC-USD", "ETH-USD", "SOL-USD", "XRP-USD"];

    // Example-style signals (like signals/book_depth_ratio.cs and signals/spread_blowout.cs), read
    // on every book change rather than on a timer so that every event reaches signal code.
    private const string DepthRatioSource = """
        /// <summary>Bid depth over ask depth in the top levels leaves [1/ratio, ratio].</summary>
        public sealed class DepthRatio : Signal
        {
            private readonly Dictionary<uint, int> _states = new();
            private StateKey<BookState> _book = null!;
            private int _levels;
            private double _ratio;

            public override void Configure(SignalSetup setup)
            {
                setup.Subscribe("*", "*", EventKinds.Book | EventKinds.Trade);
                _book = setup.Use(Builders.Book());
                _levels = (int)setup.Parameter("levels", LEVELS);
                _ratio = setup.Parameter("ratio", RATIO);
            }

            public override void OnBookChanged(SignalContext context)
            {
                var book = context.State(_book);
                if (!book.IsValid) return;
                var bids = book.DepthVolume(BookSide.Bid, _levels);
                var asks = book.DepthVolume(BookSide.Ask, _levels);
                if (bids <= 0 || asks <= 0) return;
                var ratio = (double)bids / asks;
                var state = ratio >= _ratio ? 1 : ratio <= 1 / _ratio ? -1 : 0;
                _states.TryGetValue(context.InstrumentId, out var previous);
                if (state != 0 && state != previous) context.Fire("depth ratio", ("ratio", ratio), ("levels", _levels));
                _states[context.InstrumentId] = state;
            }
        }
        """;

    private const string SpreadSource = """
        /// <summary>The spread in bps passes a limit; trade volume rides along.</summary>
        public sealed class SpreadWatch : Signal
        {
            private StateKey<BookState> _book = null!;
            private double _limitBps;
            private long _volume;

            public override void Configure(SignalSetup setup)
            {
                setup.Subscribe("*", "*", EventKinds.Book | EventKinds.Trade);
                _book = setup.Use(Builders.Book());
                _limitBps = setup.Parameter("limit_bps", LIMIT);
            }

            public override void OnTrade(in Trade trade, SignalContext context) => _volume += trade.Size;

            public override void OnBookChanged(SignalContext context)
            {
                var book = context.State(_book);
                if (book.IsValid && book.SpreadBps is { } bps && bps > _limitBps)
                {
                    context.Fire("wide spread", ("spread_bps", bps), ("volume", FixedPoint.ToDouble(_volume)));
                }
            }
        }
        """;

    /// <summary>Signal <paramref name="i"/>: even ones depth-ratio variants, odd ones spread variants.</summary>
    private static (string Name, string Source) Source(int i) => i % 2 == 0
        ? ($"depth_ratio_{i / 2}", DepthRatioSource.Replace("LEVELS", (3 + i).ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal)
            .Replace("RATIO", (2 + (i / 2)).ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal))
        : ($"spread_watch_{i / 2}", SpreadSource.Replace("LIMIT", (15 + (5 * (i / 2))).ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal));

    /// <summary>A seeded book per instrument around a mid of 100 with 1-cent ticks; returns the events written.</summary>
    private static long Write(IJournal journal, SignalsBenchOptions options)
    {
        using var writer = journal.OpenWriter();
        var ids = Instruments.Select(writer.Intern).ToArray();
        var random = new Random(options.Seed);
        var start = 1_700_000_000L * 1_000_000_000;
        var mids = new long[ids.Length];
        Array.Fill(mids, 100 * FixedPoint.Scale);
        long written = 0;
        for (var s = 0; s < ids.Length; s++)
        {
            var bids = Enumerable.Range(1, 10).Select(l => new BookLevel(mids[s] - (l * Tick), random.Next(1, 100) * FixedPoint.Scale)).ToArray();
            var asks = Enumerable.Range(1, 10).Select(l => new BookLevel(mids[s] + (l * Tick), random.Next(1, 100) * FixedPoint.Scale)).ToArray();
            writer.Append(new BookSnapshot(ids[s], start, start, 0, bids, asks), RecordFlags.EndOfBatch);
            written++;
        }
        for (var i = written; i < options.Events; i++)
        {
            var s = random.Next(ids.Length);
            var ts = start + (i * 20_000L); // 50,000 events a second of event time
            if (random.Next(5) == 0)
            {
                writer.Append(new Trade(ids[s], ts, ts, mids[s], FixedPoint.Scale, random.Next(2) == 0 ? Side.Buy : Side.Sell, (ulong)i));
                written++;
                continue;
            }
            if (random.Next(50) == 0) mids[s] += ((random.Next(2) * 2) - 1) * Tick;
            var bid = random.Next(2) == 0;
            var level = random.Next(10) + 1;
            var price = bid ? mids[s] - (level * Tick) : mids[s] + (level * Tick);
            var size = random.Next(10) == 0 ? 0 : random.Next(1, 100) * FixedPoint.Scale;
            writer.Append(new BookDelta(ids[s], ts, ts, bid ? BookSide.Bid : BookSide.Ask, size == 0 ? BookAction.Delete : BookAction.Set, price, size, 0),
                random.Next(3) == 0 ? RecordFlags.EndOfBatch : RecordFlags.None);
            written++;
        }
        writer.Commit();
        return written;
    }
}
