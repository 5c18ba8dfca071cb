namespace Signals.Library;

/// <summary>What a fire asks of the actions behind it. Stored as one byte in fire records.</summary>
public enum FireKind : byte
{
    /// <summary>A plain fire: journaled, published and logged.</summary>
    Fire = 1,

    /// <summary>An alert: a fire the alert action forwards (and the webhook, when configured).</summary>
    Alert = 2,

    /// <summary>
    /// A trade idea with a side. Recorded as an event only: Deepwater never places orders, and
    /// nothing in the runtime can.
    /// </summary>
    TradeSignal = 3,
}
