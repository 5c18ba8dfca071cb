using System.Net.WebSockets;
using System.Text;
using Market.Core.Books;
using Market.Core.Bus;
using Market.Core.Feeds;
using Market.Core.Feeds.Capture;
using Market.Core.Feeds.Connectors;
using Market.Core.Hosting;
using Market.Core.Journal;
using Market.Core.Tests.Feeds.Connectors;
using Market.Core.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Signals.Library;
using Signals.Library.Book;

namespace Market.Core.Tests.Hosting;

public sealed class MarketCoreHostTests : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    private string WriteFeed(string name, string yaml)
    {
        var path = _temp.Combine("config", "feeds", name + ".yaml");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, yaml);
        return path;
    }

    private IHost BuildHost(string feedFile, Action<MarketCoreOptions>? more = null)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = [], DisableDefaults = true });
        builder.Logging.ClearProviders();
        builder.Services.AddMarketCore(o =>
        {
            o.DataDirectory = _temp.Combine("data");
            o.Environment = "test";
            o.FeedFiles.Add(feedFile);
            more?.Invoke(o);
        });
        return builder.Build();
    }

    [Fact]
    public async Task CaptureFeed_RecordedThroughTheHost_JournalMatchesTheReplayAndCarriesPeriodicCheckpoints()
    {
        var capture = SharedData.File("coinbase_advanced_trade_ws.jsonl");
        var feedFile = WriteFeed("cap", $"""
            feed: cap
            kind: capture
            endpoints:
              capture: {capture}
            replay: {"{"} venue: coinbase, speed: 0 {"}"}
            checkpoint: {"{"} every: 1h, deltas: 100 {"}"}
            """);
        using var expectedDir = new TempDirectory();
        using var expectedDeadLetters = new DeadLetterStore(expectedDir.Path, "expected");
        var books = new BookSink();
        var summary = await new CaptureReplayer().ReplayAsync(capture, CaptureVenue.Coinbase, books, expectedDeadLetters);

        using (var host = BuildHost(feedFile))
        {
            await host.StartAsync();
            var service = host.Services.GetServices<IHostedService>().OfType<FeedHostedService>().Single();
            await service.ExecuteTask!.WaitAsync(Patience); // a capture feed ends with its file
            var status = host.Services.GetRequiredService<FeedStatusBoard>().Status("cap")!;
            Assert.Equal(FeedState.Stopped, status.State);
            Assert.Null(status.Error);
            await host.StopAsync();
        }

        using var journal = MmapJournal.Open(MmapJournal.PathFor(_temp.Combine("data"), "test", "cap"));
        var kinds = new Dictionary<(EventKind, bool Resync), long>();
        using (var reader = journal.OpenReader())
        {
            while (reader.TryRead(out var record))
            {
                var key = (record.Kind, record.Flags.HasFlag(RecordFlags.Resync));
                kinds[key] = kinds.GetValueOrDefault(key) + 1;
            }
        }
        Assert.Equal(summary.Trades, kinds.GetValueOrDefault((EventKind.Trade, false)));
        Assert.Equal(summary.Deltas, kinds.GetValueOrDefault((EventKind.BookDelta, false)));
        Assert.Equal(summary.Quotes, kinds.GetValueOrDefault((EventKind.Quote, false)));
        Assert.Equal(summary.Gaps, kinds.GetValueOrDefault((EventKind.Gap, false)));
        Assert.Equal(summary.Snapshots, kinds.GetValueOrDefault((EventKind.BookSnapshot, true)));
        Assert.True(summary.Snapshots > 0 && summary.Deltas > 1_000, "the capture has venue snapshots and enough deltas to checkpoint");
        var checkpoints = kinds.GetValueOrDefault((EventKind.BookSnapshot, false));
        Assert.True(checkpoints >= summary.Deltas / 100 / 4, $"{checkpoints} periodic checkpoints for {summary.Deltas} deltas every 100 per book");

        Assert.NotEmpty(books.Books);
        foreach (var (symbol, expected) in books.Books)
        {
            Assert.True(journal.Symbols.TryGetId(symbol, out var id), symbol);
            var got = BookHistory.BookAt(journal, id, long.MaxValue, out var info);
            var (expectedBids, expectedAsks) = Levels(expected);
            var (gotBids, gotAsks) = Levels(got);
            Assert.Equal(expectedBids, gotBids);
            Assert.Equal(expectedAsks, gotAsks);
            Assert.True(info.DeltasApplied <= 100 * 2, $"{symbol}: BookAt replayed {info.DeltasApplied} deltas after its checkpoint");
        }
    }

    [Fact]
    public async Task CoinbaseFeed_HostedAgainstATestServer_JournalsEverythingAndShowsStreaming()
    {
        var frames = ConnectorTestKit.Frames;
        var expected = ConnectorTestKit.ParseDirectly(frames);
        await using var server = await WebSocketTestServer.StartAsync(async c =>
        {
            if (c.Index == 1)
            {
                await c.ReadAsync(4);
                await c.SendAllAsync(frames);
            }
            await c.HoldAsync();
        });
        var feedFile = WriteFeed("cb", $"""
            feed: cb
            kind: coinbase
            endpoints:
              websocket: {server.Endpoint}
            channels: [market_trades, level2, ticker, heartbeats]
            symbols: [BTC-USD, ETH-USD]
            checkpoint: {"{"} every: 1h, deltas: 100000000 {"}"}
            """);
        var total = expected.Trades.Count + expected.Deltas.Count + expected.Snapshots.Count + expected.Quotes.Count;

        using var host = BuildHost(feedFile, o => o.Runner = ConnectorTestKit.FastOptions);
        var bus = host.Services.GetRequiredService<IBus>();
        await using var subscription = bus.Subscribe("test.cb.>", new SubscriptionOptions(Capacity: 1_000_000));
        await host.StartAsync();
        var board = host.Services.GetRequiredService<FeedStatusBoard>();
        var status = await Eventually(() => board.Status("cb") is { } s && s.LastSequence >= total && s.Published >= total ? s : null);
        Assert.Equal(FeedState.Streaming, status.State);
        Assert.Equal(total, status.LastSequence);
        Assert.Equal(0, status.Gaps);
        Assert.Equal(0, status.DeadLetters);
        Assert.True(status.LagP99Nanos >= status.LagP50Nanos && status.LagP50Nanos != 0);
        var first = await subscription.Messages.ReadAsync().AsTask().WaitAsync(Patience);
        Assert.StartsWith("test.cb.", first.Subject, StringComparison.Ordinal);

        var service = host.Services.GetServices<IHostedService>().OfType<FeedHostedService>().Single();
        var journal = MmapJournal.Open(MmapJournal.PathFor(_temp.Combine("data"), "test", "cb"));
        using (journal)
        {
            using var reader = journal.OpenReader();
            var kinds = new Dictionary<EventKind, int>();
            while (reader.TryRead(out var record)) kinds[record.Kind] = kinds.GetValueOrDefault(record.Kind) + 1;
            Assert.Equal(expected.Trades.Count, kinds.GetValueOrDefault(EventKind.Trade));
            Assert.Equal(expected.Deltas.Count, kinds.GetValueOrDefault(EventKind.BookDelta));
            Assert.Equal(expected.Snapshots.Count, kinds.GetValueOrDefault(EventKind.BookSnapshot));
            Assert.Equal(expected.Quotes.Count, kinds.GetValueOrDefault(EventKind.Quote));
        }
        await host.StopAsync();
        Assert.Equal(FeedState.Stopped, board.Status("cb")!.State);
        Assert.Equal(total, board.Status("cb")!.LastSequence);
        Assert.NotNull(service.Source);
    }

    [Fact]
    public void AddMarketCore_BadFeedFile_ThrowsListingEveryErrorWithItsLine()
    {
        var feedFile = WriteFeed("cap", "feed: cap\nkind: capture\nendpoints:\n  capture: missing.jsonl\nreplay: { venue: kraken, speed: -2 }\n");
        var e = Assert.Throws<MarketCoreConfigurationException>(() => BuildHost(feedFile));
        Assert.Equal([5, 5], e.Errors.Select(x => x.Line));
        Assert.All(e.Errors, x => Assert.Equal(feedFile, x.File));
    }

    [Fact]
    public void AddMarketCore_CaptureFileMissing_FailsAtStartNamingIt()
    {
        var feedFile = WriteFeed("cap", "feed: cap\nkind: capture\nendpoints:\n  capture: missing.jsonl\nreplay: { venue: coinbase }\n");
        var e = Assert.Throws<MarketCoreConfigurationException>(() => BuildHost(feedFile));
        Assert.Contains(_temp.Combine("config", "missing.jsonl"), Assert.Single(e.Errors).Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task KalshiFeed_KeyIdVariableUnset_StartFailsNamingTheVariable()
    {
        var variable = "DW_TEST_KALSHI_KEY_" + Guid.NewGuid().ToString("N");
        var feedFile = WriteFeed("k", $"feed: k\nkind: kalshi\nendpoints:\n  websocket: ws://127.0.0.1:1/\nsymbols: [X]\n" +
            $"credentials:\n  key_id: {{ env: {variable} }}\n  private_key: {{ file: {_temp.Combine("absent.pem")} }}\n");
        using var host = BuildHost(feedFile);
        var e = await Assert.ThrowsAsync<InvalidOperationException>(() => host.StartAsync());
        Assert.Contains(variable, e.Message, StringComparison.Ordinal);
    }

    private static async Task<T> Eventually<T>(Func<T?> probe) where T : class
    {
        using var timeout = new CancellationTokenSource(Patience);
        while (true)
        {
            if (probe() is { } value) return value;
            await Task.Delay(10, timeout.Token);
        }
    }

    private static (BookLevel[] Bids, BookLevel[] Asks) Levels(OrderBook book)
    {
        var bids = new BookLevel[book.BidCount];
        var asks = new BookLevel[book.AskCount];
        book.GetBids(bids);
        book.GetAsks(asks);
        return (bids, asks);
    }

    /// <summary>Applies every book event, in order, to one book per symbol.</summary>
    private sealed class BookSink : IMarketEventSink
    {
        private readonly List<string> _symbols = [];
        public Dictionary<string, OrderBook> Books { get; } = new(StringComparer.Ordinal);

        public uint Instrument(ReadOnlySpan<byte> symbolUtf8)
        {
            var symbol = Encoding.UTF8.GetString(symbolUtf8);
            var index = _symbols.IndexOf(symbol);
            if (index >= 0) return (uint)index + 1;
            _symbols.Add(symbol);
            return (uint)_symbols.Count;
        }

        public void Delta(in BookDelta delta, bool endOfBatch) => Book(delta.InstrumentId).Apply(delta);
        public void Snapshot(in BookSnapshot snapshot) => Book(snapshot.InstrumentId).Apply(snapshot);
        public void Trade(in Trade trade) { }
        public void Quote(in Quote quote) { }
        public void Gap(in Gap gap) { }

        private OrderBook Book(uint id)
        {
            var symbol = _symbols[(int)id - 1];
            return Books.TryGetValue(symbol, out var book) ? book : Books[symbol] = new OrderBook();
        }
    }
}
