using Signals.Library.State.Internal;

namespace Signals.Library.State;

/// <summary>
/// The instrument's last few trades (time, price, size), newest first. Declare it with
/// <see cref="Builders.PriceHistory"/>.
/// </summary>
public sealed class PriceHistoryState : StateBuilder
{
    private readonly RingBuffer<PricePoint> _points;

    internal PriceHistoryState(int length) => _points = new RingBuffer<PricePoint>(length);

    /// <inheritdoc/>
    public override EventKinds Consumes => EventKinds.Trade;

    /// <summary>Warm once the history is full (<see cref="Count"/> equals <see cref="Capacity"/>).</summary>
    public override bool IsWarm => _points.IsFull;

    /// <summary>How many trades are kept.</summary>
    public int Capacity => _points.Capacity;

    /// <summary>Trades held: up to <see cref="Capacity"/>.</summary>
    public int Count => _points.Count;

    /// <summary>Trades seen since the start, including those no longer held.</summary>
    public long TotalCount { get; private set; }

    /// <summary>A held trade: <c>[0]</c> is the latest, up to <see cref="Count"/> − 1.</summary>
    /// <param name="ago">0 for the latest trade.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="ago"/> is negative or not below <see cref="Count"/>.</exception>
    public PricePoint this[int ago] => _points.FromNewest(ago);

    /// <summary>The latest trade, or null before any.</summary>
    public PricePoint? Latest => _points.Count > 0 ? _points.FromNewest(0) : null;

    /// <inheritdoc/>
    protected internal override void OnTrade(in Trade trade)
    {
        _points.Add(new PricePoint(trade.TsRecv, trade.Price, trade.Size));
        TotalCount++;
    }
}

/// <summary>The spec behind <see cref="Builders.PriceHistory"/>.</summary>
internal sealed record PriceHistorySpec(int Length) : StateSpec<PriceHistoryState>
{
    public override string Describe() => $"price_history({Length})";

    protected override PriceHistoryState Create(IStateInputs inputs) => new(Length);
}
