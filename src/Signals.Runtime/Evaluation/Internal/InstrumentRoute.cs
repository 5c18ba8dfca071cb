using Signals.Library;
using Signals.Library.State;

namespace Signals.Runtime.Evaluation.Internal;

/// <summary>
/// Everything one (feed, instrument) needs per event, precomputed so dispatch is an array walk:
/// its builders in update order, the slot-indexed view signals read, and the subscribers per kind.
/// </summary>
internal sealed class InstrumentRoute(string feed, string symbol, uint instrumentId)
{
    public static readonly Subscriber[] NoSubscribers = [];

    public readonly string Feed = feed;
    public readonly string Symbol = symbol;
    public readonly uint InstrumentId = instrumentId;

    /// <summary>What contexts point at: this instrument and its builders by slot.</summary>
    public readonly EventPlace Place = new(feed, symbol, instrumentId);

    /// <summary>Builders by global slot (null where no subscriber here uses the slot); contexts read them through <see cref="Place"/>.</summary>
    public StateBuilder[] BySlot
    {
        get => Place.Builders;
        set => Place.Builders = value;
    }

    /// <summary>Builders in dependency order, with what the update loop checks.</summary>
    public BuilderEntry[] Order = [];

    /// <summary>Subscribers by <see cref="EventKind"/> value.</summary>
    public Subscriber[][] ByKind = Empty();

    /// <summary>The signal set version this route was built for.</summary>
    public int Version = -1;

    public static Subscriber[][] Empty()
    {
        var byKind = new Subscriber[(int)EventKind.SignalFire][];
        Array.Fill(byKind, NoSubscribers);
        return byKind;
    }
}

/// <summary>A signal subscribed to a route, with whether it has seen the route yet (for timers).</summary>
internal sealed class Subscriber(SignalRuntime signal, bool seen)
{
    public readonly SignalRuntime Signal = signal;
    public bool Seen = seen;
}

/// <summary>A builder and the flags the update loop reads, so the loop makes no virtual calls to decide.</summary>
internal readonly struct BuilderEntry(StateBuilder builder, int slot)
{
    public readonly StateBuilder Builder = builder;
    public readonly int Slot = slot;
    public readonly EventKinds Reach = builder.Reach;
    public readonly EventKinds Consumes = builder.Consumes;
    public readonly bool WantsClock = builder.WantsClock;
    public readonly bool HasInputs = builder.Inputs.Count > 0;
}
