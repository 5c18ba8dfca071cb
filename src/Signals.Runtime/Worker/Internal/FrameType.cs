namespace Signals.Runtime.Worker.Internal;

/// <summary>
/// The frames of the host–worker protocol. Every frame is <c>u32 body length | u8 type | body</c>,
/// little-endian. The host's requests are answered in order (one reply each, fires before the
/// <see cref="Ack"/> of their batch), so the host matches replies to a FIFO of pending requests;
/// <see cref="Quarantined"/> is the only unsolicited frame.
/// </summary>
internal enum FrameType : byte
{
    /// <summary>Host: evaluator options, fuel depth, allowed assemblies. Reply <see cref="Ready"/>.</summary>
    Hello = 1,

    /// <summary>Host: tag, replace flag, identity, class name, metered flag, PE image, parameters. Reply <see cref="Loaded"/>.</summary>
    LoadSignal = 2,

    /// <summary>Host: a signal's name. Reply <see cref="Unloaded"/>.</summary>
    Unload = 3,

    /// <summary>Host: feed id and name. No reply.</summary>
    RegisterFeed = 4,

    /// <summary>Host: feed id, instrument id, symbol. No reply.</summary>
    Symbol = 5,

    /// <summary>Host: batch sequence, mute flag, then records. Reply <see cref="Fires"/> (when any) and <see cref="Ack"/>.</summary>
    Events = 6,

    /// <summary>Host: asks for every signal's status. Reply <see cref="Statuses"/>.</summary>
    Status = 7,

    /// <summary>Host: finish and exit. No reply; the worker closes its output.</summary>
    Shutdown = 8,

    /// <summary>Worker: process id.</summary>
    Ready = 101,

    /// <summary>Worker: name, ok, error.</summary>
    Loaded = 102,

    /// <summary>Worker: name and its final status, when it was loaded.</summary>
    Unloaded = 103,

    /// <summary>Worker: a batch's fires, header fields and <c>SignalFire</c> payloads.</summary>
    Fires = 104,

    /// <summary>Worker: a batch is done; its sequence and the worker's event count.</summary>
    Ack = 105,

    /// <summary>Worker: every signal's status.</summary>
    Statuses = 106,

    /// <summary>Worker, unsolicited: the evaluator quarantined a signal (name, reason).</summary>
    Quarantined = 107,
}
