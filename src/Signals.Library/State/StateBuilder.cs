namespace Signals.Library.State;

/// <summary>
/// State kept per instrument and shared by every signal that uses it: an order book, bars, an
/// indicator. The runtime creates one per (spec, feed, instrument), feeds it each event before any
/// signal sees that event, in dependency order (a builder's inputs first), and hands signals the
/// instance as a read-only view: every public member is a getter, updates are reachable only from
/// the runtime.
/// </summary>
/// <remarks>
/// Raw builders name the event kinds they read in <see cref="Consumes"/> and override the matching
/// <c>On…</c> methods. Derived builders (an indicator of a price series, an indicator of an
/// indicator) read other builders, list them in <see cref="Inputs"/>, and override
/// <see cref="OnInputsUpdated"/>, which runs after those inputs saw the event.
/// </remarks>
public abstract class StateBuilder
{
    private StateBuilder[]? _inputs;

    /// <summary>The raw event kinds this builder reads itself; <see cref="EventKinds.None"/> for builders that only read other builders.</summary>
    public abstract EventKinds Consumes { get; }

    /// <summary>Whether the builder has seen enough data for its values to mean what they say (an SMA(20) after 20 values).</summary>
    public virtual bool IsWarm => true;

    /// <summary>The builders this one reads, updated before it for every event.</summary>
    public IReadOnlyList<StateBuilder> Inputs => _inputs ?? [];

    /// <summary>Whether this builder wants <see cref="OnClock"/> before every event of its instrument (bars closing on time).</summary>
    protected internal virtual bool WantsClock => false;

    /// <summary>Every raw kind that reaches this builder or any builder it reads: the events that can change it.</summary>
    internal EventKinds Reach { get; private set; }

    /// <summary>Declares the builders this one reads; call once, from the constructor.</summary>
    /// <param name="inputs">The input builders, already created.</param>
    protected void ReadFrom(params StateBuilder[] inputs)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        if (_inputs is not null) throw new InvalidOperationException("a builder declares its inputs once");
        _inputs = inputs;
    }

    /// <summary>Computes <see cref="Reach"/> from <see cref="Consumes"/> and the inputs; the runtime calls it once the graph is built.</summary>
    internal void Seal()
    {
        var reach = Consumes;
        var clocked = WantsClock;
        foreach (var input in Inputs)
        {
            reach |= input.Reach;
            clocked |= input.Clocked;
        }
        Clocked = clocked;
        // A builder on the clock (bars closing on time) can change on any event, and so can its readers.
        Reach = clocked ? EventKinds.All : reach;
    }

    /// <summary>Whether this builder or one it reads wants the clock.</summary>
    internal bool Clocked { get; private set; }

    /// <summary>The event clock moved to <paramref name="now"/> (UTC ns); called before the event when <see cref="WantsClock"/>.</summary>
    /// <param name="now">The event clock.</param>
    protected internal virtual void OnClock(long now)
    {
    }

    /// <summary>A trade.</summary>
    /// <param name="trade">The trade.</param>
    protected internal virtual void OnTrade(in Trade trade)
    {
    }

    /// <summary>One level change; <paramref name="endOfBatch"/> marks the venue message's last.</summary>
    /// <param name="delta">The change.</param>
    /// <param name="endOfBatch">True on the last delta of a venue message.</param>
    protected internal virtual void OnBookDelta(in BookDelta delta, bool endOfBatch)
    {
    }

    /// <summary>A full book.</summary>
    /// <param name="snapshot">The book.</param>
    protected internal virtual void OnBookSnapshot(in BookSnapshot snapshot)
    {
    }

    /// <summary>Top of book.</summary>
    /// <param name="quote">The quote.</param>
    protected internal virtual void OnQuote(in Quote quote)
    {
    }

    /// <summary>A trading status change.</summary>
    /// <param name="status">The status.</param>
    protected internal virtual void OnStatus(in InstrumentStatus status)
    {
    }

    /// <summary>Data known to be missing.</summary>
    /// <param name="gap">The gap.</param>
    protected internal virtual void OnGap(in Gap gap)
    {
    }

    /// <summary>The inputs were updated for the current event (at event clock <paramref name="now"/>).</summary>
    /// <param name="now">The event clock, UTC ns.</param>
    protected internal virtual void OnInputsUpdated(long now)
    {
    }
}
