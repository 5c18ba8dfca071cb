using System.Text.Json;
using Market.Core.Journal;
using Signals.Library;

namespace Deepwater.Cli.Tests;

public sealed class BookCommandTests : IDisposable
{
    private const long S = FixedPoint.Scale;
    private static readonly long T = UnixNanos.FromDateTimeOffset(new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero));
    private readonly string _data = Path.Combine(Path.GetTempPath(), "deepwater-tests", Guid.NewGuid().ToString("N"));
    private readonly CliRunner _cli;

    public BookCommandTests() => _cli = new CliRunner(_data);

    public void Dispose()
    {
        try { Directory.Delete(_data, recursive: true); } catch (IOException) { }
    }

    // seq 1-3: deltas at T+1s (two BTC, one ETH); seq 4: BTC snapshot at T+2s; seq 5-6: BTC deltas at T+3s and T+4s.
    private void WriteBook()
    {
        using var journal = MmapJournal.Open(MmapJournal.PathFor(_data, "dev", "venue"), create: true);
        using var writer = journal.OpenWriter();
        var btc = writer.Intern("BTC-USD");
        var eth = writer.Intern("ETH-USD");
        writer.Append(new BookDelta(btc, T, T + S, BookSide.Bid, BookAction.Set, 100 * S, 1 * S, 1));
        writer.Append(new BookDelta(btc, T, T + S, BookSide.Ask, BookAction.Set, 101 * S, 2 * S, 2));
        writer.Append(new BookDelta(eth, T, T + S, BookSide.Bid, BookAction.Set, 5 * S, 1 * S, 1));
        BookLevel[] levels = [new(100_500_000_000, 3 * S), new(100 * S, 1 * S), new(101 * S, 2 * S)];
        writer.Append(new BookSnapshot(btc, T, T + (2 * S), 10, levels.AsMemory(0, 2), levels.AsMemory(2)));
        writer.Append(new BookDelta(btc, T, T + (3 * S), BookSide.Ask, BookAction.Set, 101_250_000_000, S / 2, 11));
        writer.Append(new BookDelta(btc, T, T + (4 * S), BookSide.Bid, BookAction.Delete, 100_500_000_000, 0, 12));
        writer.Commit();
    }

    private JsonElement Json(params string[] arguments) => JsonDocument.Parse(Assert.Single(_cli.Lines([.. arguments, "--format", "jsonl"]))).RootElement;

    private static string[] Levels(JsonElement book, string side) =>
        [.. book.GetProperty(side).EnumerateArray().Select(l => $"{l.GetProperty("price").GetString()}x{l.GetProperty("size").GetString()}")];

    [Fact]
    public void Book_AtTheEnd_AppliesDeltasAfterTheSnapshot()
    {
        WriteBook();
        var book = Json("book", "venue", "BTC-USD");
        Assert.Equal(["100x1"], Levels(book, "bids"));
        Assert.Equal(["101x2", "101.25x0.5"], Levels(book, "asks"));
        Assert.Equal("1", book.GetProperty("spread").GetString());
        Assert.Equal("100.5", book.GetProperty("mid").GetString());
        Assert.Equal(4, book.GetProperty("checkpoint_seq").GetInt64());
        Assert.Equal(2, book.GetProperty("deltas_applied").GetInt64());
        Assert.Equal(12UL, book.GetProperty("venue_seq").GetUInt64());
        Assert.Equal("end", book.GetProperty("at").GetString());
    }

    [Theory]
    [InlineData("2026-03-01T12:00:00.5Z", 0, 0, new string[0], new string[0])]
    [InlineData("2026-03-01T12:00:01.5Z", 0, 2, new[] { "100x1" }, new[] { "101x2" })]
    [InlineData("2026-03-01T12:00:02Z", 4, 0, new[] { "100.5x3", "100x1" }, new[] { "101x2" })]
    [InlineData("2026-03-01T12:00:03Z", 4, 1, new[] { "100.5x3", "100x1" }, new[] { "101x2", "101.25x0.5" })]
    public void Book_At_IsTheBookAfterEveryRecordUpToThatInstant(string at, long checkpoint, long deltas, string[] bids, string[] asks)
    {
        WriteBook();
        var book = Json("book", "venue", "BTC-USD", "--at", at);
        Assert.Equal(bids, Levels(book, "bids"));
        Assert.Equal(asks, Levels(book, "asks"));
        Assert.Equal(checkpoint, book.GetProperty("checkpoint_seq").GetInt64());
        Assert.Equal(deltas, book.GetProperty("deltas_applied").GetInt64());
    }

    [Fact]
    public void Book_Depth_LimitsLevelsPerSide()
    {
        WriteBook();
        var book = Json("book", "venue", "BTC-USD", "--at", "2026-03-01T12:00:03Z", "--depth", "1");
        Assert.Equal(["100.5x3"], Levels(book, "bids"));
        Assert.Equal(["101x2"], Levels(book, "asks"));
    }

    [Fact]
    public void Book_Table_PrintsSummaryThenOneRowPerLevel()
    {
        WriteBook();
        var lines = _cli.Lines("book", "venue", "BTC-USD", "--at", "2026-03-01T12:00:03Z");
        Assert.Equal("symbol=BTC-USD at=2026-03-01T12:00:03.000000000Z last_update=2026-03-01T12:00:03.000000000Z venue_seq=11", lines[0]);
        Assert.Equal("bids=2 asks=2 spread=0.5 mid=100.75 crossed=no", lines[1]);
        Assert.StartsWith("checkpoint_seq=4 deltas_applied=1 ", lines[2], StringComparison.Ordinal);
        Assert.Equal(["1", "3", "100.5", "101", "2"], lines[4].Split(' ', StringSplitOptions.RemoveEmptyEntries));
        Assert.Equal(["2", "1", "100", "101.25", "0.5"], lines[5].Split(' ', StringSplitOptions.RemoveEmptyEntries));
        Assert.Equal(6, lines.Length);
    }

    [Theory]
    [InlineData("NOPE", "2026-03-01T12:00:03Z", "10", "no symbol 'NOPE' (it has: BTC-USD, ETH-USD)")]
    [InlineData("BTC-USD", "not-a-time", "10", "--at:")]
    [InlineData("BTC-USD", "2026-03-01T12:00:03Z", "0", "--depth must be positive")]
    public void Book_BadInput_IsOneLineError(string symbol, string at, string depth, string message)
    {
        WriteBook();
        var (code, output, error) = _cli.Run("book", "venue", symbol, "--at", at, "--depth", depth);
        Assert.Equal(2, code);
        Assert.Empty(output);
        Assert.Contains(message, Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries)), StringComparison.Ordinal);
    }

    [Fact]
    public void Book_MissingFeed_IsOneLineError()
    {
        var (code, _, error) = _cli.Run("book", "nothing", "BTC-USD");
        Assert.Equal(2, code);
        Assert.Contains("no journal for feed 'nothing'", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Book_GeneratedJournalWithoutSnapshots_ReplaysEveryDeltaOfTheSymbol()
    {
        Assert.Single(_cli.Lines("journal", "generate", "sim", "--events", "2000", "--start", "2026-03-01T12:00:00Z", "--spacing", "1ms"));
        var deltas = _cli.Lines("read", "sim.book_delta", "--symbol", "ETH-USD", "--format", "jsonl");
        var book = Json("book", "sim", "ETH-USD", "--depth", "3");
        Assert.Equal(0, book.GetProperty("checkpoint_seq").GetInt64());
        Assert.Equal(deltas.Length, book.GetProperty("deltas_applied").GetInt64());
        Assert.Equal(3, book.GetProperty("bids").GetArrayLength());
    }
}
