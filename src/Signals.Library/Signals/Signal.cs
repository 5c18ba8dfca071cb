namespace Signals.Library;

/// <summary>
/// The base of every signal. A signal is one C# file: a public sealed class deriving from this,
/// with a parameterless constructor. <see cref="Configure"/> declares what it listens to and which
/// shared state it reads; the <c>On…</c> handlers react to events on the event clock and may
/// <see cref="SignalContext.Fire"/>.
/// </summary>
/// <example>
/// <code>
/// public sealed class SpreadBlowout : Signal
/// {
///     private StateKey&lt;BookState&gt; _book = null!;
///     private double _limit;
///
///     public override void Configure(SignalSetup setup)
///     {
///         setup.Describe("The spread widens past a limit in basis points.");
///         setup.Subscribe("*", "BTC-*", EventKinds.Book);
///         _book = setup.Use(Builders.Book());
///         _limit = setup.Parameter("limit_bps", 20, "spread that fires, in bps of mid");
///     }
///
///     public override void OnBookChanged(SignalContext context)
///     {
///         var book = context.State(_book);
///         if (book.SpreadBps is { } bps &amp;&amp; bps &gt; _limit) context.Fire("spread blew out", ("spread_bps", bps));
///     }
/// }
/// </code>
/// </example>
public abstract class Signal
{
    /// <summary>Declares subscriptions, state builders, parameters and timers. Called once, before any event.</summary>
    /// <param name="setup">Where declarations go.</param>
    public abstract void Configure(SignalSetup setup);

    /// <summary>A trade on a subscribed instrument.</summary>
    /// <param name="trade">The trade.</param>
    /// <param name="context">The event's context.</param>
    public virtual void OnTrade(in Trade trade, SignalContext context)
    {
    }

    /// <summary>One book level change (the book may be mid-message: see <see cref="SignalContext.EndOfBatch"/>).</summary>
    /// <param name="delta">The change.</param>
    /// <param name="context">The event's context.</param>
    public virtual void OnBookDelta(in BookDelta delta, SignalContext context)
    {
    }

    /// <summary>A full book arrived (after a subscribe, a resync or a periodic checkpoint).</summary>
    /// <param name="snapshot">The book.</param>
    /// <param name="context">The event's context.</param>
    public virtual void OnBookSnapshot(in BookSnapshot snapshot, SignalContext context)
    {
    }

    /// <summary>The book is whole again after a venue message's deltas or a snapshot: the place to read it.</summary>
    /// <param name="context">The event's context.</param>
    public virtual void OnBookChanged(SignalContext context)
    {
    }

    /// <summary>A top-of-book quote.</summary>
    /// <param name="quote">The quote.</param>
    /// <param name="context">The event's context.</param>
    public virtual void OnQuote(in Quote quote, SignalContext context)
    {
    }

    /// <summary>A trading status change.</summary>
    /// <param name="status">The status.</param>
    /// <param name="context">The event's context.</param>
    public virtual void OnStatus(in InstrumentStatus status, SignalContext context)
    {
    }

    /// <summary>Data is known to be missing: state built across it may be wrong.</summary>
    /// <param name="gap">The gap.</param>
    /// <param name="context">The event's context.</param>
    public virtual void OnGap(in Gap gap, SignalContext context)
    {
    }

    /// <summary>The event clock crossed a multiple of the declared timer period; called once per instrument seen.</summary>
    /// <param name="context">The context, pointed at the instrument.</param>
    public virtual void OnTimer(SignalContext context)
    {
    }
}
