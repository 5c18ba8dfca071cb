using Signals.Library;
using Signals.Library.Sandbox;

namespace Signals.Runtime.Tests.Support;

/// <summary>Writes every call it gets into a shared log, as "name:Handler:feed/symbol@ms#seq".</summary>
internal class RecordingSignal(string feed, string symbol, EventKinds kinds, List<string> log, TimeSpan? timer = null) : Signal
{
    public override void Configure(SignalSetup setup)
    {
        setup.Subscribe(feed, symbol, kinds);
        if (timer is { } period) setup.Every(period);
    }

    public override void OnTrade(in Trade trade, SignalContext context) => Note("Trade", context);

    public override void OnBookDelta(in BookDelta delta, SignalContext context) => Note("Delta", context);

    public override void OnBookSnapshot(in BookSnapshot snapshot, SignalContext context) => Note("Snapshot", context);

    public override void OnBookChanged(SignalContext context) => Note("BookChanged", context);

    public override void OnQuote(in Quote quote, SignalContext context) => Note("Quote", context);

    public override void OnGap(in Gap gap, SignalContext context) => Note("Gap", context);

    public override void OnTimer(SignalContext context) => Note("Timer", context);

    protected void Note(string handler, SignalContext context) =>
        log.Add($"{context.SignalName}:{handler}:{context.Feed}/{context.Symbol}@{(context.Now - FeedWriter.Start) / FeedWriter.Ms}#{context.Sequence}");
}

/// <summary>Fires on every trade with its price and sequence.</summary>
internal sealed class TradeFirer(string tag = "trade", int? limit = null) : Signal
{
    public override void Configure(SignalSetup setup)
    {
        setup.Subscribe("*", "*", EventKinds.Trade);
        if (limit is { } perMinute) setup.LimitFires(perMinute);
        else setup.LimitFires(SignalSetup.MaxFiresPerMinute);
    }

    public override void OnTrade(in Trade trade, SignalContext context) =>
        context.Fire(tag, ("price", trade.Price), ("seq", context.Sequence), ("draw", context.Random.NextDouble()));
}

/// <summary>Throws on every trade.</summary>
internal sealed class Thrower : Signal
{
    public override void Configure(SignalSetup setup) => setup.Subscribe("*", "*", EventKinds.Trade);

    public override void OnTrade(in Trade trade, SignalContext context) => throw new InvalidOperationException("boom");
}

/// <summary>Loops charging its meter, as rewritten code would, until the budget stops it.</summary>
internal sealed class Spinner(FuelMeter meter) : Signal
{
    public override void Configure(SignalSetup setup) => setup.Subscribe("*", "*", EventKinds.Trade);

    public override void OnTrade(in Trade trade, SignalContext context)
    {
        while (true) meter.Tick();
    }
}

/// <summary>Allocates far past the per-call budget on every trade.</summary>
internal sealed class AllocationHog : Signal
{
    public List<byte[]> Kept { get; } = [];

    public override void Configure(SignalSetup setup) => setup.Subscribe("*", "*", EventKinds.Trade);

    public override void OnTrade(in Trade trade, SignalContext context)
    {
        Kept.Clear();
        for (var i = 0; i < 40; i++) Kept.Add(new byte[1024 * 1024]);
    }
}

/// <summary>Fires whatever its test tells it to on each trade.</summary>
internal sealed class ScriptedFirer(Action<SignalContext> fire) : Signal
{
    public override void Configure(SignalSetup setup) => setup.Subscribe("*", "*", EventKinds.Trade);

    public override void OnTrade(in Trade trade, SignalContext context) => fire(context);
}

/// <summary>Any Configure body, to test load failures.</summary>
internal sealed class ConfiguredBy(Action<SignalSetup> configure) : Signal
{
    public override void Configure(SignalSetup setup) => configure(setup);
}
