using System.Text;
using Market.Core.Feeds;
using Signals.Library;

namespace Market.Core.Tests.Feeds.Sim;

/// <summary>Keeps every event in emission order, boxed, for sequence-level assertions.</summary>
internal sealed class OrderedSink : IMarketEventSink
{
    private readonly Dictionary<string, uint> _ids = new(StringComparer.Ordinal);

    public List<object> Events { get; } = [];

    public IReadOnlyDictionary<string, uint> Ids => _ids;

    public uint Instrument(ReadOnlySpan<byte> symbolUtf8)
    {
        var symbol = Encoding.UTF8.GetString(symbolUtf8);
        return _ids.TryGetValue(symbol, out var id) ? id : _ids[symbol] = (uint)_ids.Count + 1;
    }

    public void Trade(in Trade trade) => Events.Add(trade);
    public void Delta(in BookDelta delta, bool endOfBatch) => Events.Add((delta, endOfBatch));
    public void Snapshot(in BookSnapshot snapshot) => Events.Add(snapshot);
    public void Quote(in Quote quote) => Events.Add(quote);
    public void Gap(in Gap gap) => Events.Add(gap);

    /// <summary>Text of every event, with snapshot levels spelled out (their record equality compares memory, not contents).</summary>
    public List<string> Describe() => [.. Events.Select(e => e is BookSnapshot s
        ? $"{s with { Bids = default, Asks = default }} {string.Join(',', s.Bids.ToArray())} | {string.Join(',', s.Asks.ToArray())}"
        : e.ToString()!)];
}
