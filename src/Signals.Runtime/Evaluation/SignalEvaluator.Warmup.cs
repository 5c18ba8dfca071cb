using Market.Core.Journal;
using Signals.Library;
using Signals.Runtime.Evaluation.Internal;

namespace Signals.Runtime.Evaluation;

/// <summary>Where a warm-up reads recent records: one feed's journal, in sequence order.</summary>
public interface IWarmupSource
{
    /// <summary>Calls <paramref name="visit"/> for the feed's records with receive time at or after <paramref name="fromTsRecv"/> up to and including <paramref name="throughSequence"/>, in order.</summary>
    /// <param name="feed">The feed's name.</param>
    /// <param name="fromTsRecv">The earliest receive time, UTC ns.</param>
    /// <param name="throughSequence">The last sequence to visit: what the evaluator has processed.</param>
    /// <param name="visit">Called per record.</param>
    /// <param name="maxRecords">Visit at most this many: the latest ones.</param>
    void Read(string feed, long fromTsRecv, long throughSequence, long maxRecords, WarmupVisitor visit);
}

/// <summary>Receives one record of a warm-up.</summary>
/// <param name="record">The record; valid during the call.</param>
public delegate void WarmupVisitor(in JournalRecord record);

/// <summary>
/// How a new version's builders are warmed: from where, how far back on the event clock, and at
/// most how many records per feed (the swap waits for the warm-up, and so does every signal).
/// </summary>
/// <param name="Source">The records.</param>
/// <param name="Window">How much recent history to replay.</param>
/// <param name="MaxRecords">The most records replayed per feed: the latest ones of the window.</param>
public sealed record Warmup(IWarmupSource Source, TimeSpan Window, long MaxRecords = 200_000);

/// <summary>An <see cref="IWarmupSource"/> over journals by feed name.</summary>
/// <param name="journals">The journal of a feed, or null when there is none.</param>
public sealed class JournalWarmupSource(Func<string, IJournal?> journals) : IWarmupSource
{
    /// <inheritdoc/>
    public void Read(string feed, long fromTsRecv, long throughSequence, long maxRecords, WarmupVisitor visit)
    {
        ArgumentNullException.ThrowIfNull(visit);
        if (journals(feed) is not { } journal) return;
        using var reader = journal.OpenReader();
        reader.SeekToTime(fromTsRecv);
        if (throughSequence - reader.NextSequence + 1 > maxRecords) reader.SeekToSequence(throughSequence - maxRecords + 1);
        while (reader.TryRead(out var record) && record.Sequence <= throughSequence) visit(in record);
    }
}

public sealed partial class SignalEvaluator
{
    /// <summary>Builders warmed so far, and the records replayed into them.</summary>
    public (long Builders, long Records) Warmed => (_warmedBuilders, _warmedRecords);

    private long _warmedBuilders;
    private long _warmedRecords;

    /// <summary>
    /// After a swap, rebuilds every known route now and replays recent history into the builders it
    /// added. Only builders whose inputs were added too are warmed: one that reads a builder that was
    /// already live would see that input's present, not its past, so it starts from the next event.
    /// </summary>
    private void WarmNewBuilders(Warmup warmup)
    {
        var from = Clock == long.MinValue ? long.MinValue : Clock - (warmup.Window.Ticks * 100);
        foreach (var feed in _feeds)
        {
            var fresh = new Dictionary<uint, (InstrumentRoute Route, BuilderEntry[] Entries)>();
            foreach (var route in feed.Routes)
            {
                if (route is null || route.InstrumentId == 0) continue;
                var before = new HashSet<object>(route.Order.Select(e => (object)e.Builder), ReferenceEqualityComparer.Instance);
                RebuildRoute(route);
                var added = new HashSet<object>(ReferenceEqualityComparer.Instance);
                var warmable = new List<BuilderEntry>();
                foreach (var entry in route.Order)
                {
                    if (before.Contains(entry.Builder)) continue;
                    added.Add(entry.Builder);
                    if (entry.Builder.Inputs.All(added.Contains)) warmable.Add(entry);
                }
                if (warmable.Count > 0) fresh[route.InstrumentId] = (route, [.. warmable]);
            }
            if (fresh.Count == 0 || feed.LastSequence == 0) continue;
            _warmedBuilders += fresh.Values.Sum(f => f.Entries.Length);
            warmup.Source.Read(feed.Handle.Name, from, feed.LastSequence, warmup.MaxRecords, (in JournalRecord record) =>
            {
                if (!fresh.TryGetValue(record.InstrumentId, out var target)) return;
                _warmedRecords++;
                WarmOne(target.Route, target.Entries, in record);
            });
        }
    }

    private void WarmOne(InstrumentRoute route, BuilderEntry[] entries, in JournalRecord record)
    {
        var header = new EventHeader(record.InstrumentId, record.TsEvent, record.TsRecv);
        var now = record.TsRecv;
        switch (record.Kind)
        {
            case EventKind.Trade when Trade.TryReadPayload(record.Payload, header, out var trade):
                Graph.Update(route, entries, new TradeCall(trade), EventKinds.Trade, now);
                break;
            case EventKind.BookDelta when BookDelta.TryReadPayload(record.Payload, header, out var delta):
                Graph.Update(route, entries, new DeltaCall(delta, (record.Flags & RecordFlags.EndOfBatch) != 0), EventKinds.BookDelta, now);
                break;
            case EventKind.BookSnapshot when BookSnapshot.TryReadPayload(record.Payload, header, out var snapshot):
                Graph.Update(route, entries, new SnapshotCall(snapshot), EventKinds.BookSnapshot, now);
                break;
            case EventKind.Quote when Quote.TryReadPayload(record.Payload, header, out var quote):
                Graph.Update(route, entries, new QuoteCall(quote), EventKinds.Quote, now);
                break;
            case EventKind.InstrumentStatus when InstrumentStatus.TryReadPayload(record.Payload, header, out var status):
                Graph.Update(route, entries, new StatusCall(status), EventKinds.InstrumentStatus, now);
                break;
            case EventKind.Gap when Gap.TryReadPayload(record.Payload, header, out var gap):
                Graph.Update(route, entries, new GapCall(gap), EventKinds.Gap, now);
                break;
        }
    }
}
