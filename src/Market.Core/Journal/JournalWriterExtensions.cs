using Signals.Library;

namespace Market.Core.Journal;

/// <summary>Typed appends: events encode straight into the journal's record, with no copy.</summary>
public static class JournalWriterExtensions
{
    /// <summary>Appends one event; returns its sequence.</summary>
    public static long Append<T>(this IJournalWriter writer, in T evt, RecordFlags flags = RecordFlags.None)
        where T : struct, IMarketEvent<T>
    {
        ArgumentNullException.ThrowIfNull(writer);
        evt.WritePayload(writer.BeginAppend(evt.PayloadSize));
        var header = evt.Header;
        return writer.EndAppend(T.Kind, header.InstrumentId, header.TsEvent, header.TsRecv, flags);
    }
}
