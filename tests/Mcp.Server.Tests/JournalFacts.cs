using Market.Core.Journal;
using Signals.Library;

namespace Mcp.Server.Tests;

/// <summary>Facts read straight from the journal, to check the tools against.</summary>
internal static class JournalFacts
{
    public static List<(Trade Trade, long Sequence)> Trades(IJournal journal, string symbol, long endExclusive = long.MaxValue)
    {
        Assert.True(journal.Symbols.TryGetId(symbol, out var id));
        var trades = new List<(Trade, long)>();
        using var reader = journal.OpenReader();
        while (reader.TryRead(out var r) && r.TsRecv < endExclusive)
        {
            if (r.Kind == EventKind.Trade && r.InstrumentId == id && Trade.TryReadPayload(r.Payload, new EventHeader(r.InstrumentId, r.TsEvent, r.TsRecv), out var t)) trades.Add((t, r.Sequence));
        }
        return trades;
    }

    public static (long First, long Last) Span(IJournal journal)
    {
        using var reader = journal.OpenReader();
        Assert.True(reader.TryRead(out var first));
        var firstTs = first.TsRecv;
        long last = firstTs;
        while (reader.TryRead(out var r)) last = r.TsRecv;
        return (firstTs, last);
    }

    public static string Iso(long nanos) => UnixNanos.Format(nanos);
}
