using System.Text;
using Market.Core.Feeds;
using Signals.Library;

namespace Market.Core.Tests.Support;

/// <summary>Keeps everything a parser emits, for assertions.</summary>
public sealed class RecordingSink : IMarketEventSink
{
    private readonly Dictionary<string, uint> _ids = [];

    public List<Trade> Trades { get; } = [];
    public List<(BookDelta Delta, bool End)> Deltas { get; } = [];
    public List<BookSnapshot> Snapshots { get; } = [];
    public List<Quote> Quotes { get; } = [];
    public List<Gap> Gaps { get; } = [];

    public string Symbol(uint id) => _ids.Single(p => p.Value == id).Key;

    public uint Instrument(ReadOnlySpan<byte> symbolUtf8)
    {
        var symbol = Encoding.UTF8.GetString(symbolUtf8);
        return _ids.TryGetValue(symbol, out var id) ? id : _ids[symbol] = (uint)_ids.Count + 1;
    }

    public void Trade(in Trade trade) => Trades.Add(trade);
    public void Delta(in BookDelta delta, bool endOfBatch) => Deltas.Add((delta, endOfBatch));
    public void Snapshot(in BookSnapshot snapshot) => Snapshots.Add(snapshot);
    public void Quote(in Quote quote) => Quotes.Add(quote);
    public void Gap(in Gap gap) => Gaps.Add(gap);
}
