namespace Signals.Library;

/// <summary>Why data is missing, as recorded by a <see cref="Gap"/>. Stored as one byte; values are part of the on-disk format.</summary>
public enum GapReason : byte
{
    /// <summary>A venue sequence number skipped ahead.</summary>
    SequenceGap = 1,

    /// <summary>The connection dropped; nothing was received until it was re-established.</summary>
    Disconnect = 2,

    /// <summary>The book was rebuilt from a fresh snapshot, discarding state that could not be trusted.</summary>
    Resync = 3,

    /// <summary>The feed went quiet for longer than its heartbeat allows.</summary>
    Stale = 4,

    /// <summary>We fell behind and dropped events ourselves, such as when a queue was full.</summary>
    Overflow = 5,
}
