using System.Runtime.CompilerServices;
using Signals.Library.State;

namespace Signals.Library;

/// <summary>
/// What a signal sees while it handles an event: the event's feed and instrument, the event clock,
/// read-only views of its state builders for that instrument, a seeded random source, a
/// rate-limited log, and <c>Fire</c>. One per signal, reused for every event; read it inside the
/// handler only.
/// </summary>
public sealed class SignalContext
{
    private readonly ISignalOutput _output;
    private EventPlace _place = EventPlace.Nowhere;

    internal SignalContext(string signalName, ISignalOutput output)
    {
        SignalName = signalName;
        _output = output;
        Random = SignalRandom.ForName(signalName);
    }

    /// <summary>The signal's name.</summary>
    public string SignalName { get; }

    /// <summary>The current event's feed.</summary>
    public string Feed => _place.Feed;

    /// <summary>The current event's symbol.</summary>
    public string Symbol => _place.Symbol;

    /// <summary>The current event's instrument id in its feed.</summary>
    public uint InstrumentId => _place.InstrumentId;

    /// <summary>The event clock: the current event's receive time, UTC nanoseconds. The only clock a signal has.</summary>
    public long Now { get; private set; }

    /// <summary>The event clock as a UTC <see cref="DateTime"/>.</summary>
    public DateTime UtcNow => DateTime.UnixEpoch.AddTicks(Now / 100);

    /// <summary>The current event's journal sequence in its feed; 0 in <see cref="Signal.OnTimer"/>.</summary>
    public long Sequence { get; private set; }

    /// <summary>True on a book event that completes a venue message (the book is whole), and on every other event.</summary>
    public bool EndOfBatch { get; private set; }

    /// <summary>A random source seeded from the signal's name: the same replay draws the same numbers.</summary>
    public SignalRandom Random { get; }

    /// <summary>The current instrument's builder for <paramref name="key"/>.</summary>
    /// <typeparam name="TBuilder">The builder type.</typeparam>
    /// <param name="key">A key from <see cref="SignalSetup.Use{TBuilder}"/>.</param>
    /// <returns>The builder, to read.</returns>
    /// <exception cref="InvalidOperationException">The key is not one this signal declared.</exception>
    public TBuilder State<TBuilder>(StateKey<TBuilder> key)
        where TBuilder : StateBuilder
    {
        ArgumentNullException.ThrowIfNull(key);
        var slot = key.Slot;
        var builders = _place.Builders;
        if ((uint)slot >= (uint)builders.Length || builders[slot] is null)
        {
            throw new InvalidOperationException($"state '{key}' was not declared with setup.Use in Configure");
        }
        return Unsafe.As<TBuilder>(builders[slot]);
    }

    /// <summary>Fires: the record is journaled, published on <c>{env}.signals.{name}</c> and passed to the signal's actions.</summary>
    /// <param name="message">What happened, in a sentence (at most 256 characters).</param>
    /// <param name="fields">A few named values, e.g. <c>("spread_bps", 12.5)</c> (at most 8).</param>
    public void Fire(string message, params ReadOnlySpan<FireField> fields) => _output.Fire(this, FireKind.Fire, Side.None, message, fields);

    /// <summary>Fires an alert, which the alert action (and a configured webhook) forwards.</summary>
    /// <param name="message">What happened.</param>
    /// <param name="fields">A few named values.</param>
    public void Alert(string message, params ReadOnlySpan<FireField> fields) => _output.Fire(this, FireKind.Alert, Side.None, message, fields);

    /// <summary>Records a trade idea as an event. Deepwater never places orders; nothing acts on it but readers.</summary>
    /// <param name="side">Buy or sell.</param>
    /// <param name="message">Why.</param>
    /// <param name="fields">A few named values.</param>
    public void TradeSignal(Side side, string message, params ReadOnlySpan<FireField> fields)
    {
        if (side is not (Side.Buy or Side.Sell)) throw new ArgumentOutOfRangeException(nameof(side), side, "a trade signal is a buy or a sell");
        _output.Fire(this, FireKind.TradeSignal, side, message, fields);
    }

    /// <summary>Writes a line to the runtime's log, rate-limited per signal.</summary>
    /// <param name="message">The line.</param>
    public void Log(string message) => _output.Log(this, message ?? "");

    /// <summary>Points the context at an event; the runtime calls this before each handler.</summary>
    internal void Enter(EventPlace place, long now, long sequence, bool endOfBatch)
    {
        // A reference store costs a GC write barrier: one place object per instrument keeps it to one, and none on the same instrument.
        if (!ReferenceEquals(_place, place)) _place = place;
        Now = now;
        Sequence = sequence;
        EndOfBatch = endOfBatch;
    }
}

/// <summary>
/// An instrument as contexts see it: feed, symbol, id and its state builders by slot. The runtime
/// keeps one per instrument route and replaces <see cref="Builders"/> when the route is rebuilt, so
/// every context pointed at it reads the current builders.
/// </summary>
internal sealed class EventPlace(string feed, string symbol, uint instrumentId)
{
    /// <summary>Where a context points before its first event.</summary>
    public static readonly EventPlace Nowhere = new("", "", 0);

    public readonly string Feed = feed;
    public readonly string Symbol = symbol;
    public readonly uint InstrumentId = instrumentId;
    public StateBuilder[] Builders = [];
}

/// <summary>Where a context's fires and log lines go: the runtime (in process or in a worker).</summary>
internal interface ISignalOutput
{
    void Fire(SignalContext context, FireKind kind, Side side, string message, ReadOnlySpan<FireField> fields);

    void Log(SignalContext context, string message);
}
