namespace Signals.Library.State;

/// <summary>Each trade's price or size, in units; the builder behind <see cref="Sources.TradePrice"/> and <see cref="Sources.TradeSize"/>.</summary>
internal sealed class TradeSource(bool size) : Series
{
    public override EventKinds Consumes => EventKinds.Trade;

    protected internal override void OnTrade(in Trade trade) => Publish(FixedPoint.ToDouble(size ? trade.Size : trade.Price), trade.TsRecv);
}

/// <summary>The spec behind <see cref="Sources.TradePrice"/> and <see cref="Sources.TradeSize"/>.</summary>
internal sealed record TradeSourceSpec(bool Size) : SeriesSpec
{
    public override string Describe() => Size ? "trade_size" : "trade_price";

    protected override Series Create(IStateInputs inputs) => new TradeSource(Size);
}
