using System.Buffers.Binary;
using Signals.Library.Internal;

namespace Signals.Library;

/// <summary>
/// A full book at one instant. Equality compares the levels' contents, not the memory they live
/// in, so a decoded snapshot equals the one that was written.
/// </summary>
/// <param name="InstrumentId">The per-feed interned symbol id.</param>
/// <param name="TsEvent">Exchange time, UTC nanoseconds since the epoch.</param>
/// <param name="TsRecv">Our receive time, UTC nanoseconds since the epoch.</param>
/// <param name="VenueSequence">The venue sequence number the snapshot is current as of, or 0 if it sends none.</param>
/// <param name="Bids">Bid levels, best (highest price) first.</param>
/// <param name="Asks">Ask levels, best (lowest price) first.</param>
public readonly record struct BookSnapshot(
    uint InstrumentId, long TsEvent, long TsRecv, ulong VenueSequence, ReadOnlyMemory<BookLevel> Bids, ReadOnlyMemory<BookLevel> Asks)
    : IMarketEvent<BookSnapshot>
{
    // v1: version u8, venue sequence u64, bid count u32, ask count u32, then bids and asks as (price i64, size i64).
    private const int FixedSize = 17;
    private const int LevelSize = 16;

    /// <inheritdoc/>
    public static EventKind Kind => EventKind.BookSnapshot;

    /// <inheritdoc/>
    public EventHeader Header => new(InstrumentId, TsEvent, TsRecv);

    /// <inheritdoc/>
    /// <exception cref="OverflowException">The levels need more than 2 GiB, far past <see cref="EventCodec.MaxPayloadSize"/>.</exception>
    public int PayloadSize => checked(FixedSize + (LevelSize * (Bids.Length + Asks.Length)));

    /// <inheritdoc/>
    public void WritePayload(Span<byte> destination)
    {
        Payload.EnsureCapacity(destination, PayloadSize, Kind);
        destination[0] = EventCodec.CurrentVersion;
        BinaryPrimitives.WriteUInt64LittleEndian(destination[1..], VenueSequence);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[9..], (uint)Bids.Length);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[13..], (uint)Asks.Length);
        var offset = WriteLevels(Bids.Span, destination, FixedSize);
        WriteLevels(Asks.Span, destination, offset);
    }

    /// <inheritdoc/>
    public static bool TryReadPayload(ReadOnlySpan<byte> payload, in EventHeader header, out BookSnapshot value)
    {
        value = default;
        if (!Payload.IsCurrentAtLeast(payload, FixedSize))
        {
            return false;
        }

        // Counts are checked against the bytes actually present before anything is allocated, so a
        // corrupt count cannot ask for gigabytes.
        var bidCount = BinaryPrimitives.ReadUInt32LittleEndian(payload[9..]);
        var askCount = BinaryPrimitives.ReadUInt32LittleEndian(payload[13..]);
        if ((ulong)(payload.Length - FixedSize) != ((ulong)bidCount + askCount) * LevelSize)
        {
            return false;
        }

        // One array for both sides: a snapshot costs a single allocation.
        var levels = bidCount + askCount == 0 ? [] : new BookLevel[bidCount + askCount];
        for (var i = 0; i < levels.Length; i++)
        {
            var level = payload.Slice(FixedSize + (i * LevelSize), LevelSize);
            levels[i] = new BookLevel(BinaryPrimitives.ReadInt64LittleEndian(level), BinaryPrimitives.ReadInt64LittleEndian(level[8..]));
        }

        value = new BookSnapshot(
            header.InstrumentId,
            header.TsEvent,
            header.TsRecv,
            VenueSequence: BinaryPrimitives.ReadUInt64LittleEndian(payload[1..]),
            Bids: levels.AsMemory(0, (int)bidCount),
            Asks: levels.AsMemory((int)bidCount));
        return true;
    }

    /// <summary>Whether both snapshots have the same header, sequence and levels, compared by content.</summary>
    /// <param name="other">The snapshot to compare with.</param>
    /// <returns>Whether the snapshots are equal.</returns>
    public bool Equals(BookSnapshot other)
        => InstrumentId == other.InstrumentId && TsEvent == other.TsEvent && TsRecv == other.TsRecv
            && VenueSequence == other.VenueSequence
            && Bids.Span.SequenceEqual(other.Bids.Span) && Asks.Span.SequenceEqual(other.Asks.Span);

    /// <inheritdoc/>
    // Level counts, not contents: consistent with Equals and O(1) however deep the book is.
    public override int GetHashCode() => HashCode.Combine(InstrumentId, TsEvent, TsRecv, VenueSequence, Bids.Length, Asks.Length);

    private static int WriteLevels(ReadOnlySpan<BookLevel> levels, Span<byte> destination, int offset)
    {
        foreach (var level in levels)
        {
            BinaryPrimitives.WriteInt64LittleEndian(destination[offset..], level.Price);
            BinaryPrimitives.WriteInt64LittleEndian(destination[(offset + 8)..], level.Size);
            offset += LevelSize;
        }

        return offset;
    }
}
