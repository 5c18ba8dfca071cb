using Signals.Library;

namespace Market.Core.Feeds;

/// <summary>Where a venue parser puts the events it normalises (a journal writer, a test list, a benchmark counter).</summary>
public interface IMarketEventSink
{
    /// <summary>The feed's id for a venue symbol given as UTF-8.</summary>
    uint Instrument(ReadOnlySpan<byte> symbolUtf8);

    /// <summary>A trade.</summary>
    void Trade(in Trade trade);

    /// <summary>One level change; <paramref name="endOfBatch"/> marks the last delta of a venue message.</summary>
    void Delta(in BookDelta delta, bool endOfBatch);

    /// <summary>A full book.</summary>
    void Snapshot(in BookSnapshot snapshot);

    /// <summary>Top of book.</summary>
    void Quote(in Quote quote);

    /// <summary>Data known to be missing.</summary>
    void Gap(in Gap gap);
}

/// <summary>What a venue message turned out to be.</summary>
public enum ParseOutcome
{
    /// <summary>Normalised into zero or more events.</summary>
    Events,

    /// <summary>A heartbeat: proof of liveness, no events.</summary>
    Heartbeat,

    /// <summary>A subscription acknowledgement or a channel Deepwater does not record.</summary>
    Control,

    /// <summary>The venue's sequence skipped: a <see cref="Signals.Library.Gap"/> was emitted and the feed must resync.</summary>
    Gap,

    /// <summary>Malformed or unknown: belongs in the dead-letter store; the reason says why.</summary>
    Rejected,
}
