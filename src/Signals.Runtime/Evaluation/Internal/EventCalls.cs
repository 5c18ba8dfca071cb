using Signals.Library;
using Signals.Library.State;

namespace Signals.Runtime.Evaluation.Internal;

/// <summary>
/// One decoded event as both a builder's raw handler and a signal's handler. Structs, so the
/// generic dispatch loops are specialised per kind: no delegates, no boxing.
/// </summary>
internal interface IEventCall
{
    void Feed(StateBuilder builder);

    void Call(Signal signal, SignalContext context);
}

internal readonly struct TradeCall(in Trade value) : IEventCall
{
    private readonly Trade _value = value;

    public void Feed(StateBuilder builder) => builder.OnTrade(in _value);

    public void Call(Signal signal, SignalContext context) => signal.OnTrade(in _value, context);
}

internal readonly struct DeltaCall(in BookDelta value, bool endOfBatch) : IEventCall
{
    private readonly BookDelta _value = value;
    private readonly bool _endOfBatch = endOfBatch;

    public void Feed(StateBuilder builder) => builder.OnBookDelta(in _value, _endOfBatch);

    public void Call(Signal signal, SignalContext context) => signal.OnBookDelta(in _value, context);
}

internal readonly struct SnapshotCall(in BookSnapshot value) : IEventCall
{
    private readonly BookSnapshot _value = value;

    public void Feed(StateBuilder builder) => builder.OnBookSnapshot(in _value);

    public void Call(Signal signal, SignalContext context) => signal.OnBookSnapshot(in _value, context);
}

internal readonly struct QuoteCall(in Quote value) : IEventCall
{
    private readonly Quote _value = value;

    public void Feed(StateBuilder builder) => builder.OnQuote(in _value);

    public void Call(Signal signal, SignalContext context) => signal.OnQuote(in _value, context);
}

internal readonly struct StatusCall(in InstrumentStatus value) : IEventCall
{
    private readonly InstrumentStatus _value = value;

    public void Feed(StateBuilder builder) => builder.OnStatus(in _value);

    public void Call(Signal signal, SignalContext context) => signal.OnStatus(in _value, context);
}

internal readonly struct GapCall(in Gap value) : IEventCall
{
    private readonly Gap _value = value;

    public void Feed(StateBuilder builder) => builder.OnGap(in _value);

    public void Call(Signal signal, SignalContext context) => signal.OnGap(in _value, context);
}

internal readonly struct BookChangedCall : IEventCall
{
    public void Feed(StateBuilder builder)
    {
    }

    public void Call(Signal signal, SignalContext context) => signal.OnBookChanged(context);
}

internal readonly struct TimerCall : IEventCall
{
    public void Feed(StateBuilder builder)
    {
    }

    public void Call(Signal signal, SignalContext context) => signal.OnTimer(context);
}
