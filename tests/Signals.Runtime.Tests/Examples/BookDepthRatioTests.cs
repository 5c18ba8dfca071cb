using Signals.Library;

namespace Signals.Runtime.Tests.Examples;

/// <summary>book_depth_ratio checked against a rebuilt book read at every 1 s boundary of the event clock.</summary>
public sealed class BookDepthRatioTests
{
    private const long Second = 1_000_000_000;

    public static TheoryData<string, double, double> Cases() => new()
    {
        { "coinbase", 10, 3 },
        { "coinbase", 5, 2 },
        { "binance", 10, 3 },
        { "binance", 20, 1.5 },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Capture_FiresMatchNaiveDepthAtEachSecond(string capture, double levels, double ratio)
    {
        var feed = capture == "coinbase" ? ReferenceData.Coinbase : ReferenceData.Binance;
        var parameters = new Dictionary<string, double> { ["levels"] = levels, ["ratio"] = ratio };

        var outcome = ExampleRun.Replay("book_depth_ratio", parameters, feed.Journal);

        ExampleRun.AssertMatches(ExampleRun.Limit(Naive(feed.Events, (int)levels, ratio), 60), outcome.Fires);
    }

    /// <summary>
    /// Timers as the evaluator documents them: the first event starts the clock; an event at or past
    /// the next boundary first runs the timer once, at the latest boundary, for every instrument
    /// whose book events the signal has seen (in first-seen order), on the book as it was before that event.
    /// </summary>
    private static IEnumerable<ExpectedFire> Naive(IReadOnlyList<RawEvent> events, int levels, double ratio)
    {
        var books = new Dictionary<uint, NaiveBook>();
        var seen = new List<RawEvent>();
        var states = new Dictionary<uint, int>();
        var next = long.MinValue;
        foreach (var e in events)
        {
            var boundary = e.TsRecv - (e.TsRecv % Second);
            if (next == long.MinValue) next = boundary + Second;
            else if (e.TsRecv >= next)
            {
                next = boundary + Second;
                foreach (var instrument in seen)
                {
                    var book = books[instrument.InstrumentId];
                    if (!book.IsValid) continue;
                    var bids = book.Depth(BookSide.Bid, levels);
                    var asks = book.Depth(BookSide.Ask, levels);
                    if (bids <= 0 || asks <= 0) continue;
                    var r = (double)bids / asks;
                    var state = r >= ratio ? 1 : r <= 1 / ratio ? -1 : 0;
                    states.TryGetValue(instrument.InstrumentId, out var previous);
                    if (state != 0 && state != previous)
                    {
                        yield return new ExpectedFire(boundary, FireKind.Fire, state > 0 ? "bids outweigh asks" : "asks outweigh bids",
                            ("ratio", r), ("bid_depth", bids / 1e9), ("ask_depth", asks / 1e9), ("levels", levels)) { Symbol = instrument.Symbol };
                    }
                    states[instrument.InstrumentId] = state;
                }
            }
            if (e.Kind is not (EventKind.BookDelta or EventKind.BookSnapshot or EventKind.Gap)) continue;
            if (!books.TryGetValue(e.InstrumentId, out var b))
            {
                books[e.InstrumentId] = b = new NaiveBook();
                seen.Add(e);
            }
            b.Apply(e);
        }
    }
}
