using Signals.Library.State.Internal;

namespace Signals.Library.State;

/// <summary>The trade-flow imbalance each time the window changes (a trade in, a trade expired).</summary>
internal sealed class TradeFlowSource : Series
{
    private readonly TradeFlowState _flow;
    private long _seen;

    public TradeFlowSource(TradeFlowState flow)
    {
        _flow = flow;
        ReadFrom(flow);
    }

    public override EventKinds Consumes => EventKinds.None;

    public override bool IsWarm => HasValue && _flow.IsWarm;

    protected internal override void OnInputsUpdated(long now)
    {
        if (_flow.Version == _seen) return;
        _seen = _flow.Version;
        Publish(_flow.Imbalance, now);
    }
}

/// <summary>The spec behind <see cref="Sources.TradeFlowImbalance"/>.</summary>
internal sealed record TradeFlowSourceSpec(TimeSpan Window) : SeriesSpec
{
    public override string Describe() => $"trade_flow_imbalance({Durations.Format(Window)})";

    protected override Series Create(IStateInputs inputs) => new TradeFlowSource(inputs.Get(Builders.TradeFlow(Window)));
}
