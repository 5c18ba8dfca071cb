using System.Text.Json.Nodes;
using BenchmarkDotNet.Attributes;
using Market.Core.Feeds;
using Market.Core.Feeds.Capture;
using Market.Core.Feeds.Coinbase;
using Signals.Library;

namespace Deepwater.Bench;

/// <summary>
/// Coinbase <c>level2</c> parse and normalise, one core: the capture's real <c>l2_data</c> update
/// messages (after its snapshots), into a sink that only counts.
/// </summary>
[MemoryDiagnoser]
public class CoinbaseParserBenchmarks
{
    private byte[][] _snapshots = [];
    private byte[][] _updates = [];
    private readonly CountingSink _sink = new();

    [GlobalSetup]
    public void Setup()
    {
        var dir = AppContext.BaseDirectory;
        while (!File.Exists(Path.Combine(dir, "Agents.sln"))) dir = Path.GetDirectoryName(dir) ?? throw new InvalidOperationException("run from inside the repository");
        var frames = CaptureReader.Read(Path.Combine(dir, "..", "shared", "data", "coinbase_advanced_trade_ws.jsonl"))
            .Where(f => f.Type == "recv" && f.Data.AsSpan().IndexOf("\"l2_data\""u8) >= 0).Select(f => f.Data).ToList();
        // Only level2 is measured and the updates are replayed again and again, so drop the
        // sequence numbers (which interleave with other channels' in the capture): the parser then
        // has no sequence to check, and the books primed once stay valid.
        static byte[] Unsequenced(byte[] message)
        {
            var node = JsonNode.Parse(message)!.AsObject();
            node.Remove("sequence_num");
            return System.Text.Encoding.UTF8.GetBytes(node.ToJsonString());
        }
        _snapshots = [.. frames.Where(f => f.AsSpan().IndexOf("\"snapshot\""u8) >= 0).Select(Unsequenced)];
        _updates = [.. frames.Where(f => f.AsSpan().IndexOf("\"snapshot\""u8) < 0).Select(Unsequenced)];
        foreach (var snapshot in _snapshots) _parser.Parse(snapshot, 0, _sink, out _);
    }

    private readonly CoinbaseParser _parser = new();

    /// <summary>All 773 update messages of the capture; the figure is per message.</summary>
    [Benchmark(OperationsPerInvoke = 773)]
    public long ParseLevel2Updates()
    {
        foreach (var update in _updates) _parser.Parse(update, 0, _sink, out _);
        return _sink.Deltas;
    }

    private sealed class CountingSink : IMarketEventSink
    {
        public long Deltas;

        public uint Instrument(ReadOnlySpan<byte> symbolUtf8) => symbolUtf8[0] == (byte)'B' ? 1u : 2u;
        public void Trade(in Trade trade) { }
        public void Delta(in BookDelta delta, bool endOfBatch) => Deltas++;
        public void Snapshot(in BookSnapshot snapshot) { }
        public void Quote(in Quote quote) { }
        public void Gap(in Gap gap) { }
    }
}
