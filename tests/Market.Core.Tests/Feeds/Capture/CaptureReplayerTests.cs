using System.Text;
using Market.Core.Feeds;
using Market.Core.Feeds.Capture;
using Market.Core.Feeds.Coinbase;
using Market.Core.Feeds.Kalshi;
using Market.Core.Tests.Feeds.Binance;
using Market.Core.Tests.Feeds.Sim;
using Market.Core.Tests.Support;
using Signals.Library;

namespace Market.Core.Tests.Feeds.Capture;

public sealed class CaptureReplayerTests : IDisposable
{
    private static readonly DateTimeOffset Start = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly long StartNanos = (Start - DateTimeOffset.UnixEpoch).Ticks * 100;

    private readonly string _dir = Path.Combine(Path.GetTempPath(), $"dw-replay-{Guid.NewGuid():N}");
    private readonly DeadLetterStore _deadLetters;

    public CaptureReplayerTests() => _deadLetters = new DeadLetterStore(_dir, "replay");

    [Theory]
    [InlineData("coinbase_advanced_trade_ws.jsonl", CaptureVenue.Coinbase)]
    [InlineData("binance_futures_ws.jsonl", CaptureVenue.Binance)]
    [InlineData("kalshi_ws_trade_sample.jsonl", CaptureVenue.Kalshi)]
    [InlineData("kalshi_ws_ticker_sample.jsonl", CaptureVenue.Kalshi)]
    public async Task ReplayAsync_FullSpeedRealCapture_SameEventsAsParsingDirectly(string file, CaptureVenue venue)
    {
        var path = SharedData.File(file);
        var replayed = new OrderedSink();

        var summary = await new CaptureReplayer(new SteppingClock(Start)).ReplayAsync(path, venue, replayed, _deadLetters);

        var direct = ParseDirectly(path, venue);
        Assert.NotEmpty(direct.Events);
        Assert.Equal(direct.Describe(), replayed.Describe());
        Assert.Equal(direct.Events.Count, summary.Trades + summary.Deltas + summary.Snapshots + summary.Quotes + summary.Gaps);
        Assert.Equal(0, summary.Rejects);
    }

    [Fact]
    public async Task ReplayAsync_Speed2WithSteppingClock_DelaysAddUpToHalfTheSpan()
    {
        var path = SharedData.File("coinbase_advanced_trade_ws.jsonl");
        var recv = CaptureReader.Read(path).Where(f => f.Type == "recv").ToList();
        var span = TimeSpan.FromTicks((recv[^1].TsRecv - recv[0].TsRecv) / 100);
        var clock = new SteppingClock(Start);

        var summary = await new CaptureReplayer(clock).ReplayAsync(path, CaptureVenue.Coinbase, new OrderedSink(), _deadLetters,
            new CaptureReplayOptions(Speed: 2.0));

        var waited = TimeSpan.FromTicks(clock.Delays.Sum(d => d.Ticks));
        Assert.InRange((waited - span / 2).Duration(), TimeSpan.Zero, TimeSpan.FromMilliseconds(1));
        Assert.Equal(span, summary.CaptureSpan);
        Assert.Equal(waited, summary.Elapsed);
    }

    [Fact]
    public async Task ReplayAsync_Cancelled_StopsBeforeTheEnd()
    {
        using var cts = new CancellationTokenSource();
        var sink = new CancelOnFirstTrade(cts);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => new CaptureReplayer(new SteppingClock(Start))
            .ReplayAsync(SharedData.File("binance_futures_ws.jsonl"), CaptureVenue.Binance, sink, _deadLetters, cancellationToken: cts.Token));

        Assert.Equal(1, sink.Trades);
    }

    [Fact]
    public async Task ReplayAsync_MalformedLines_DeadLetteredAndReplayGoesOn()
    {
        var trades = File.ReadAllLines(SharedData.File("kalshi_ws_trade_sample.jsonl"));
        var capture = Path.Combine(_dir, "capture.jsonl");
        File.WriteAllLines(capture,
        [
            Envelope(1.0, trades[0]),
            "{\"t\":\"recv\",\"ts\":1.5,\"da",           // cut mid-line
            Envelope(2.0, "{\"type\":\"trade\",\"msg\":"), // a venue message cut short
            Envelope(3.0, trades[1]),
        ]);
        var sink = new OrderedSink();

        var summary = await new CaptureReplayer(new SteppingClock(Start)).ReplayAsync(capture, CaptureVenue.Kalshi, sink, _deadLetters);

        Assert.Equal(2, summary.Rejects);
        Assert.Equal(2, summary.Trades);
        Assert.Equal(3, summary.Frames);
        var letters = DeadLetterStore.Read(_deadLetters.Path);
        Assert.Equal(2, letters.Count);
        Assert.Equal("malformed-capture-line", letters[0].Reason);
        Assert.NotEqual("malformed-capture-line", letters[1].Reason); // the parser's own reason for the cut message
        Assert.Equal(3_000_000_000L, sink.Events.OfType<Trade>().Last().TsRecv);
    }

    [Fact]
    public async Task ReplayAsync_StampNow_UsesTheClock()
    {
        var sink = new OrderedSink();

        await new CaptureReplayer(new SteppingClock(Start)).ReplayAsync(SharedData.File("coinbase_advanced_trade_ws.jsonl"), CaptureVenue.Coinbase, sink, _deadLetters,
            new CaptureReplayOptions(StampNow: true));

        Assert.All(sink.Events.OfType<Trade>(), t => Assert.Equal(StartNanos, t.TsRecv));
    }

    private static string Envelope(double ts, string message) =>
        $"{{\"t\":\"recv\",\"conn\":\"KALSHI.ws.1\",\"ts\":{ts.ToString("0.0", System.Globalization.CultureInfo.InvariantCulture)},\"data\":{System.Text.Json.JsonSerializer.Serialize(message)}}}";

    /// <summary>The reference: each frame straight through the venue's parser, as the parser tests do.</summary>
    private static OrderedSink ParseDirectly(string path, CaptureVenue venue)
    {
        var sink = new OrderedSink();
        switch (venue)
        {
            case CaptureVenue.Coinbase:
                var coinbase = new CoinbaseParser();
                foreach (var f in CaptureReader.Read(path).Where(f => f.Type == "recv")) coinbase.Parse(f.Data, f.TsRecv, sink, out _);
                break;
            case CaptureVenue.Binance:
                var binance = new Market.Core.Feeds.Binance.BinanceParser();
                foreach (var f in BinanceCapture.Frames()) BinanceCapture.Feed(binance, f, sink, out _);
                break;
            default:
                // Raw lines carry no recorded time: the replay stamps them with its clock's now.
                var kalshi = new KalshiParser();
                foreach (var line in File.ReadLines(path).Where(l => l.Length > 0)) kalshi.Parse(Encoding.UTF8.GetBytes(line), StartNanos, sink, out _);
                break;
        }
        return sink;
    }

    public void Dispose()
    {
        _deadLetters.Dispose();
        try { Directory.Delete(_dir, recursive: true); } catch (DirectoryNotFoundException) { }
    }

    private sealed class CancelOnFirstTrade(CancellationTokenSource cts) : IMarketEventSink
    {
        public int Trades { get; private set; }
        public uint Instrument(ReadOnlySpan<byte> symbolUtf8) => 1;
        public void Trade(in Trade trade)
        {
            Trades++;
            cts.Cancel();
        }
        public void Delta(in BookDelta delta, bool endOfBatch) { }
        public void Snapshot(in BookSnapshot snapshot) { }
        public void Quote(in Quote quote) { }
        public void Gap(in Gap gap) { }
    }
}
