using Market.Core.Feeds.Sim;
using Signals.Library;
using Signals.Library.Book;

namespace Market.Core.Tests.Feeds.Sim;

public sealed class SimVenueTests
{
    private const long Start = 1_700_000_000_000_000_000;

    private static OrderedSink Run(SimOptions options, int messages, Action<SimVenue, int>? before = null)
    {
        var sink = new OrderedSink();
        var venue = new SimVenue(options, sink);
        for (var i = 0; i < messages; i++)
        {
            before?.Invoke(venue, i);
            venue.Next(Start + (i * 1_000L));
        }
        return sink;
    }

    [Fact]
    public void Next_SameSeed_EmitsIdenticalEvents()
    {
        var a = Run(new SimOptions(Seed: 7), 5_000).Describe();
        var b = Run(new SimOptions(Seed: 7), 5_000).Describe();
        var c = Run(new SimOptions(Seed: 8), 5_000).Describe();
        Assert.Equal(a, b);
        Assert.NotEqual(a, c);
        Assert.True(a.Count > 5_000);
    }

    [Fact]
    public void Next_ManyMessages_BookNeverCrossedAndQuotesEqualTop()
    {
        var sink = new OrderedSink();
        var venue = new SimVenue(new SimOptions(Seed: 3), sink);
        var books = new Dictionary<uint, OrderBook>();
        var quotes = 0;
        for (var i = 0; i < 20_000; i++)
        {
            sink.Events.Clear();
            venue.Next(Start + i);
            foreach (var e in sink.Events)
            {
                switch (e)
                {
                    case BookSnapshot s:
                        Book(books, s.InstrumentId).Apply(s);
                        break;
                    case (BookDelta d, bool):
                        Assert.True(Book(books, d.InstrumentId).Apply(d));
                        break;
                    case Quote q:
                        var book = Book(books, q.InstrumentId);
                        Assert.Equal(book.BestBid, new BookLevel(q.BidPrice, q.BidSize));
                        Assert.Equal(book.BestAsk, new BookLevel(q.AskPrice, q.AskSize));
                        quotes++;
                        break;
                }
            }
            foreach (var book in books.Values) Assert.False(book.IsCrossed);
        }
        Assert.True(quotes > 1_000);
    }

    [Fact]
    public void Next_Trade_IsAtTheBestPriceOfTheSideItTakes()
    {
        var sink = new OrderedSink();
        var venue = new SimVenue(new SimOptions(Seed: 5), sink);
        var books = new Dictionary<uint, OrderBook>();
        var trades = 0;
        for (var i = 0; i < 10_000; i++)
        {
            sink.Events.Clear();
            venue.Next(Start + i);
            for (var k = 0; k < sink.Events.Count; k++)
            {
                switch (sink.Events[k])
                {
                    case BookSnapshot s:
                        Book(books, s.InstrumentId).Apply(s);
                        break;
                    case (BookDelta d, bool):
                        Book(books, d.InstrumentId).Apply(d);
                        break;
                    case Trade t:
                        var book = Book(books, t.InstrumentId);
                        var best = t.Aggressor == Side.Buy ? book.BestAsk!.Value : book.BestBid!.Value;
                        Assert.Equal(best.Price, t.Price);
                        Assert.InRange(t.Size, 1, best.Size);
                        // The trade's own delta follows it: the level shrinks by exactly the traded size.
                        var (next, _) = Assert.IsType<(BookDelta, bool)>(sink.Events[k + 1]);
                        Assert.Equal((t.Price, best.Size - t.Size), (next.Price, next.Size));
                        trades++;
                        break;
                }
            }
        }
        Assert.True(trades > 1_000);
    }

    [Fact]
    public void Next_RebuiltFromSnapshotAndDeltas_EqualsTheVenueBook()
    {
        var options = new SimOptions(Seed: 11, Symbols: ["AAA", "BBB"]);
        var sink = Run(options, 10_000);
        var venue = new SimVenue(options, new OrderedSink());
        for (var i = 0; i < 10_000; i++) venue.Next(Start + (i * 1_000L));
        foreach (var (symbol, id) in sink.Ids)
        {
            var rebuilt = new OrderBook();
            foreach (var e in sink.Events)
            {
                if (e is BookSnapshot s && s.InstrumentId == id) rebuilt.Apply(s);
                else if (e is (BookDelta d, bool) && d.InstrumentId == id) rebuilt.Apply(d);
            }
            AssertSameBook(venue.Book(symbol), rebuilt);
            Assert.Equal(venue.VenueSequence(symbol), rebuilt.VenueSequence);
        }
    }

    [Fact]
    public void Next_DeltasOfOneMessage_ShareASequenceAndEndTheBatch()
    {
        var sink = Run(new SimOptions(Seed: 2, Symbols: ["ONE"]), 2_000);
        var deltas = sink.Events.OfType<(BookDelta Delta, bool End)>().ToList();
        for (var i = 1; i < deltas.Count; i++)
        {
            var step = deltas[i].Delta.VenueSequence - deltas[i - 1].Delta.VenueSequence;
            Assert.True(deltas[i - 1].End ? step == 1 : step == 0, $"delta {i}: step {step}, previous end {deltas[i - 1].End}");
        }
        Assert.True(deltas[^1].End);
    }

    [Fact]
    public void InjectGap_SkipsVenueSequencesAndEmitsNothingForThem()
    {
        var sink = Run(new SimOptions(Seed: 4, Symbols: ["ONE"]), 200, (venue, i) =>
        {
            if (i == 100) venue.InjectGap(5);
        });
        var sequences = sink.Events.OfType<(BookDelta Delta, bool End)>().Select(d => d.Delta.VenueSequence).Distinct().ToList();
        var jumps = sequences.Zip(sequences.Skip(1), (a, b) => b - a).Where(step => step != 1).ToList();
        Assert.Equal([6UL], jumps);
        Assert.Empty(sink.Events.OfType<Gap>());
    }

    [Fact]
    public void InjectMalformed_SendsARawMessageToTheDeadLetterCallback()
    {
        var letters = new List<(string Raw, string Reason, long TsRecv)>();
        var sink = new OrderedSink();
        var venue = new SimVenue(new SimOptions(), sink, (raw, reason, _, ts) => letters.Add((System.Text.Encoding.UTF8.GetString(raw), reason, ts)));
        venue.Next(Start);
        venue.InjectMalformed();
        venue.Next(Start + 1);
        var (text, why, tsRecv) = Assert.Single(letters);
        Assert.Equal("malformed-json", why);
        Assert.Equal(Start + 1, tsRecv);
        Assert.ThrowsAny<System.Text.Json.JsonException>(() => System.Text.Json.JsonDocument.Parse(text));
        Assert.Equal(1, venue.Malformed);
    }

    [Fact]
    public void InjectDisconnect_EmitsADisconnectGapThenASnapshotOfEveryBook()
    {
        var sink = new OrderedSink();
        var venue = new SimVenue(new SimOptions(Seed: 9, Symbols: ["A", "B"]), sink);
        for (var i = 0; i < 100; i++) venue.Next(Start + i);
        var before = sink.Events.Count;
        var sequences = sink.Ids.ToDictionary(p => p.Value, p => venue.VenueSequence(p.Key));
        venue.InjectDisconnect();
        venue.Next(Start + 100);
        var after = sink.Events.Skip(before).ToList();
        var gap = Assert.IsType<Gap>(after[0]);
        Assert.Equal((0u, GapReason.Disconnect), (gap.InstrumentId, gap.Reason));
        var snapshots = after.Skip(1).Take(2).Cast<BookSnapshot>().ToList();
        Assert.Equal([1u, 2u], snapshots.Select(s => s.InstrumentId).Order());
        foreach (var s in snapshots)
        {
            // The snapshot is the venue's book after the messages lost while disconnected.
            Assert.InRange(s.VenueSequence, sequences[s.InstrumentId] + 1, sequences[s.InstrumentId] + 3);
        }
        Assert.True(venue.Lost >= 2);
        Assert.Equal(1, venue.Disconnects);
    }

    [Fact]
    public void InjectStale_EmitsNothingUntilThePeriodEnds()
    {
        var sink = new OrderedSink();
        var venue = new SimVenue(new SimOptions(Seed: 1), sink);
        venue.Next(Start);
        venue.InjectStale(1_000_000);
        Assert.Equal(0, venue.Next(Start + 10));
        Assert.True(venue.IsStale);
        var count = sink.Events.Count;
        Assert.Equal(0, venue.Next(Start + 999_999));
        Assert.Equal(count, sink.Events.Count);
        Assert.True(venue.Next(Start + 1_000_010) > 0);
        Assert.False(venue.IsStale);
    }

    [Fact]
    public void Resync_EmitsASnapshotEqualToTheVenueBook()
    {
        var sink = new OrderedSink();
        var venue = new SimVenue(new SimOptions(Seed: 6, Symbols: ["ONE"]), sink);
        for (var i = 0; i < 50; i++) venue.Next(Start + i);
        Assert.True(venue.Resync(sink.Ids["ONE"], Start + 50));
        Assert.False(venue.Resync(99, Start + 50));
        var rebuilt = new OrderBook();
        rebuilt.Apply(Assert.IsType<BookSnapshot>(sink.Events[^1]));
        AssertSameBook(venue.Book("ONE"), rebuilt);
    }

    [Fact]
    public void RandomFaults_SameSeed_AreDeterministic()
    {
        var faults = new SimFaults(GapChance: 0.01, MalformedChance: 0.01, DisconnectChance: 0.001, StaleChance: 0.001, StaleNanos: 50_000);
        var a = Run(new SimOptions(Seed: 21, Faults: faults), 5_000);
        var b = Run(new SimOptions(Seed: 21, Faults: faults), 5_000);
        Assert.Equal(a.Describe(), b.Describe());
        Assert.Contains(a.Events, e => e is Gap { Reason: GapReason.Disconnect });
    }

    [Fact]
    public void Constructor_BadOptions_Throws()
    {
        Assert.Throws<ArgumentException>(() => new SimVenue(new SimOptions(Symbols: []), new OrderedSink()));
        Assert.Throws<ArgumentException>(() => new SimVenue(new SimOptions(Levels: 1), new OrderedSink()));
        Assert.Throws<ArgumentException>(() => new SimVenue(new SimOptions(Faults: new SimFaults(GapChance: 2)), new OrderedSink()));
    }

    private static OrderBook Book(Dictionary<uint, OrderBook> books, uint id) =>
        books.TryGetValue(id, out var book) ? book : books[id] = new OrderBook();

    private static void AssertSameBook(OrderBook expected, OrderBook actual)
    {
        var e = new BookLevel[expected.BidCount + expected.AskCount];
        var a = new BookLevel[actual.BidCount + actual.AskCount];
        Assert.Equal(e.Length, a.Length);
        expected.GetBids(e);
        expected.GetAsks(e.AsSpan(expected.BidCount));
        actual.GetBids(a);
        actual.GetAsks(a.AsSpan(actual.BidCount));
        Assert.Equal(e, a);
        Assert.Equal(expected.BidCount, actual.BidCount);
    }
}
