namespace Signals.Library;

/// <summary>
/// The fields every event carries. A journal stores them once in each record's header rather than
/// in the payload, which is why payload codecs take them as an argument instead of reading them.
/// </summary>
/// <param name="InstrumentId">The per-feed interned symbol id; 0 means the whole feed where an event allows it.</param>
/// <param name="TsEvent">Exchange time, UTC nanoseconds since the epoch (see <see cref="UnixNanos"/>).</param>
/// <param name="TsRecv">Our receive time, UTC nanoseconds since the epoch.</param>
public readonly record struct EventHeader(uint InstrumentId, long TsEvent, long TsRecv);
