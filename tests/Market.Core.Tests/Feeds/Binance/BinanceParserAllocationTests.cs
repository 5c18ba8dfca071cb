using System.Text;
using Market.Core.Feeds;
using Market.Core.Feeds.Binance;
using Signals.Library;

namespace Market.Core.Tests.Feeds.Binance;

public sealed class BinanceParserAllocationTests
{
    /// <summary>Counts events and keeps nothing, so any allocation measured is the parser's.</summary>
    private sealed class CountingSink : IMarketEventSink
    {
        public long Events;

        public uint Instrument(ReadOnlySpan<byte> symbolUtf8) => 1;
        public void Trade(in Trade trade) => Events++;
        public void Delta(in BookDelta delta, bool endOfBatch) => Events++;
        public void Snapshot(in BookSnapshot snapshot) => Events++;
        public void Quote(in Quote quote) => Events++;
        public void Gap(in Gap gap) => Events++;
    }

    [Fact]
    public void Parse_TradesQuotesAndSyncedDepth_AllocatesNothingAfterWarmUp()
    {
        const int Rounds = 200;
        var depth = Enumerable.Range(0, 2 * Rounds).Select(i => Encoding.UTF8.GetBytes(
            $"{{\"stream\":\"btcusdt@depth@100ms\",\"data\":{{\"e\":\"depthUpdate\",\"E\":1,\"T\":1,\"s\":\"BTCUSDT\",\"U\":{101 + i},\"u\":{101 + i},\"pu\":{100 + i},\"b\":[[\"100.0\",\"1\"],[\"99.0\",\"0\"]],\"a\":[[\"101.0\",\"2\"]]}}}}")).ToArray();
        var trade = "{\"stream\":\"btcusdt@aggTrade\",\"data\":{\"e\":\"aggTrade\",\"E\":1,\"a\":5,\"s\":\"BTCUSDT\",\"p\":\"100.5\",\"q\":\"3\",\"f\":1,\"l\":2,\"T\":1,\"m\":true}}"u8.ToArray();
        var quote = "{\"stream\":\"btcusdt@bookTicker\",\"data\":{\"e\":\"bookTicker\",\"u\":9,\"s\":\"BTCUSDT\",\"b\":\"100\",\"B\":\"1\",\"a\":\"101\",\"A\":\"2\",\"T\":1,\"E\":1}}"u8.ToArray();
        var parser = new BinanceParser();
        var sink = new CountingSink();
        parser.ApplyDepthSnapshot("{\"lastUpdateId\":101,\"bids\":[[\"100.0\",\"5\"]],\"asks\":[[\"101.0\",\"3\"]]}"u8, "BTCUSDT"u8, 1, sink, out _);

        var notEvents = 0;
        for (var i = 0; i < Rounds; i++) RunOnce(i);
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = Rounds; i < 2 * Rounds; i++) RunOnce(i);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(0, allocated);
        Assert.Equal(0, notEvents);
        Assert.Equal(BinanceDepthState.Synced, parser.Status(1).State);
        Assert.Equal(1 + (2 * Rounds * 5), sink.Events);

        void RunOnce(int i)
        {
            // No asserts in here: they box and would be measured.
            notEvents += parser.Parse(depth[i], 1, sink, out _) == ParseOutcome.Events ? 0 : 1;
            notEvents += parser.Parse(trade, 1, sink, out _) == ParseOutcome.Events ? 0 : 1;
            notEvents += parser.Parse(quote, 1, sink, out _) == ParseOutcome.Events ? 0 : 1;
        }
    }
}
