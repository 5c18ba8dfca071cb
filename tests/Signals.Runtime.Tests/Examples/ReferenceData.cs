using System.Globalization;
using Market.Core.Feeds;
using Market.Core.Feeds.Capture;
using Market.Core.Journal;
using Signals.Library;
using Signals.Runtime.Tests.Support;

namespace Signals.Runtime.Tests.Examples;

/// <summary>One decoded journal record, for the naive recomputations to loop over.</summary>
internal sealed record RawEvent(long Sequence, EventKind Kind, RecordFlags Flags, uint InstrumentId, string Symbol, long TsRecv, object Payload)
{
    public bool EndOfBatch => (Flags & RecordFlags.EndOfBatch) != 0;
}

/// <summary>A feed journal built from a real capture, and its records decoded.</summary>
internal sealed record ReferenceFeed(InMemoryJournal Journal, IReadOnlyList<RawEvent> Events)
{
    public IEnumerable<(RawEvent Event, Trade Trade)> Trades => Events.Where(e => e.Kind == EventKind.Trade).Select(e => (e, (Trade)e.Payload));
}

/// <summary>
/// The reference data the example signals are checked against: the real captures in
/// <c>../shared/data</c>, written into in-memory journals once per test run.
/// </summary>
internal static class ReferenceData
{
    private static readonly Lazy<ReferenceFeed> TardisFeed = new(LoadTardis);
    private static readonly Lazy<ReferenceFeed> CoinbaseFeed = new(() => LoadCapture("coinbase_advanced_trade_ws.jsonl", CaptureVenue.Coinbase, "coinbase"));
    private static readonly Lazy<ReferenceFeed> BinanceFeed = new(() => LoadCapture("binance_futures_ws.jsonl", CaptureVenue.Binance, "binance-futures"));

    /// <summary>Tardis Binance futures BTCUSDT trades, 2020-02-22: 9,999 trades over about 2 h.</summary>
    public static ReferenceFeed Tardis => TardisFeed.Value;

    /// <summary>Coinbase Advanced Trade level2 and trades for BTC-USD and ETH-USD, 24 s.</summary>
    public static ReferenceFeed Coinbase => CoinbaseFeed.Value;

    /// <summary>Binance futures depth and aggTrade, 30 s.</summary>
    public static ReferenceFeed Binance => BinanceFeed.Value;

    /// <summary>
    /// The tardis CSV as <see cref="Trade"/> events: TsRecv is local_timestamp (µs) × 1000, TsEvent
    /// timestamp × 1000, price and amount parsed exactly to fixed point, side the aggressor.
    /// </summary>
    private static ReferenceFeed LoadTardis()
    {
        var journal = new InMemoryJournal("binance-futures");
        using (var writer = journal.OpenWriter())
        {
            var lines = File.ReadLines(RepoPaths.SharedData("tardis_binance_futures_trades_BTCUSDT_2020-02-22.csv"));
            foreach (var line in lines.Skip(1))
            {
                if (line.Length == 0) continue;
                // exchange,symbol,timestamp,local_timestamp,id,side,price,amount
                var f = line.Split(',');
                Assert.Equal(8, f.Length);
                Assert.True(FixedPoint.TryParse(f[6], out var price), $"price '{f[6]}'");
                Assert.True(FixedPoint.TryParse(f[7], out var amount), $"amount '{f[7]}'");
                var side = f[5] switch
                {
                    "buy" => Side.Buy,
                    "sell" => Side.Sell,
                    _ => Side.None,
                };
                writer.Append(new Trade(writer.Intern(f[1]), Micros(f[2]) * 1000, Micros(f[3]) * 1000, price, amount, side,
                    ulong.Parse(f[4], CultureInfo.InvariantCulture)));
            }
        }
        return new ReferenceFeed(journal, Decode(journal));
    }

    private static long Micros(string text) => long.Parse(text, NumberStyles.None, CultureInfo.InvariantCulture);

    /// <summary>Replays a capture through its venue's parser into a journal, as the recorder does.</summary>
    private static ReferenceFeed LoadCapture(string file, CaptureVenue venue, string feed)
    {
        var journal = new InMemoryJournal(feed);
        var dir = Path.Combine(Path.GetTempPath(), $"dw-examples-{Guid.NewGuid():N}");
        try
        {
            using var deadLetters = new DeadLetterStore(dir, feed);
            using var writer = journal.OpenWriter();
            // Off the test's synchronisation context: the replayer is async (it paces when asked to).
            Task.Run(() => new CaptureReplayer().ReplayAsync(RepoPaths.SharedData(file), venue, new JournalEventSink(writer), deadLetters)).GetAwaiter().GetResult();
        }
        finally
        {
            try { Directory.Delete(dir, recursive: true); } catch (IOException) { }
        }
        return new ReferenceFeed(journal, Decode(journal));
    }

    private static List<RawEvent> Decode(InMemoryJournal journal)
    {
        var events = new List<RawEvent>();
        using var reader = journal.OpenReader();
        while (reader.TryRead(out var r))
        {
            var header = new EventHeader(r.InstrumentId, r.TsEvent, r.TsRecv);
            object? payload = r.Kind switch
            {
                EventKind.Trade when Trade.TryReadPayload(r.Payload, header, out var t) => t,
                EventKind.BookDelta when BookDelta.TryReadPayload(r.Payload, header, out var d) => d,
                EventKind.BookSnapshot when BookSnapshot.TryReadPayload(r.Payload, header, out var s) => s,
                EventKind.Quote when Quote.TryReadPayload(r.Payload, header, out var q) => q,
                EventKind.Gap when Gap.TryReadPayload(r.Payload, header, out var g) => g,
                EventKind.InstrumentStatus when InstrumentStatus.TryReadPayload(r.Payload, header, out var st) => st,
                _ => null,
            };
            Assert.NotNull(payload);
            events.Add(new RawEvent(r.Sequence, r.Kind, r.Flags, r.InstrumentId, journal.Symbols.GetSymbol(r.InstrumentId) ?? "", r.TsRecv, payload));
        }
        return events;
    }
}
