using Signals.Library.State;

namespace Signals.Library.Tests.State;

/// <summary>
/// Plays the runtime's part for one instrument: creates one builder per distinct spec (inputs
/// first, recording creation order), then per event calls, in creation order, OnClock when the
/// builder wants it, the raw handler when it consumes the kind, and OnInputsUpdated when its
/// inputs could have changed.
/// </summary>
/// <remarks>
/// "Could have changed" is Reach (the raw kinds that reach the builder) or, for a builder that
/// reads a clock-driven builder, any event at all: a bar closes on whatever event moves the clock,
/// which Reach alone does not capture.
/// </remarks>
internal sealed class BuilderHarness : IStateInputs
{
    private readonly Dictionary<StateSpec, StateBuilder> _bySpec = [];
    private readonly List<StateBuilder> _builders = [];
    private readonly List<StateSpec> _specs = [];
    private readonly HashSet<StateBuilder> _clockDriven = [];

    public IReadOnlyList<StateBuilder> Builders => _builders;

    public IReadOnlyList<StateSpec> Specs => _specs;

    public long Now { get; private set; }

    public TBuilder Use<TBuilder>(StateSpec<TBuilder> spec)
        where TBuilder : StateBuilder => Get(spec);

    public TBuilder Get<TBuilder>(StateSpec<TBuilder> spec)
        where TBuilder : StateBuilder
    {
        if (_bySpec.TryGetValue(spec, out var existing)) return (TBuilder)existing;
        var builder = (TBuilder)spec.CreateBuilder(this);
        builder.Seal();
        if (builder.WantsClock || builder.Inputs.Any(_clockDriven.Contains)) _clockDriven.Add(builder);
        _bySpec.Add(spec, builder);
        _builders.Add(builder);
        _specs.Add(spec);
        return builder;
    }

    public void Trade(in Trade trade)
    {
        var t = trade;
        Dispatch(EventKind.Trade, t.TsRecv, b => b.OnTrade(t));
    }

    public void Trade(long now, double price, double size, Side side = Side.Buy)
        => Trade(new Trade(1, now, now, Fx(price), Fx(size), side, 0));

    public void Delta(in BookDelta delta, bool endOfBatch = true)
    {
        var d = delta;
        Dispatch(EventKind.BookDelta, d.TsRecv, b => b.OnBookDelta(d, endOfBatch));
    }

    public void Snapshot(in BookSnapshot snapshot)
    {
        var s = snapshot;
        Dispatch(EventKind.BookSnapshot, s.TsRecv, b => b.OnBookSnapshot(s));
    }

    public void Quote(in Quote quote)
    {
        var q = quote;
        Dispatch(EventKind.Quote, q.TsRecv, b => b.OnQuote(q));
    }

    public void Gap(long now)
    {
        var g = new Gap(1, now, now, GapReason.SequenceGap, 5, 9);
        Dispatch(EventKind.Gap, now, b => b.OnGap(g));
    }

    /// <summary>A whole-unit price or size at scale 1e-9 (exact for the test values used).</summary>
    public static long Fx(double units) => (long)Math.Round(units * FixedPoint.Scale);

    private void Dispatch(EventKind kind, long now, Action<StateBuilder> raw)
    {
        Now = now;
        foreach (var builder in _builders)
        {
            if (builder.WantsClock) builder.OnClock(now);
            if (builder.Consumes.Has(kind)) raw(builder);
            if (builder.Inputs.Count > 0 && (builder.Reach.Has(kind) || _clockDriven.Contains(builder))) builder.OnInputsUpdated(now);
        }
    }
}
