using Signals.Library;
using Signals.Library.State;
using Signals.Runtime.Evaluation.Internal;

namespace Signals.Runtime.Evaluation;

/// <summary>
/// The shared state of every loaded signal: a global slot per distinct <see cref="StateSpec"/>
/// (equal specs share a slot, so ten signals on one book build it once), and per instrument the
/// builders its subscribers need, created on the instrument's first event in dependency order and
/// updated before any signal sees an event.
/// </summary>
/// <remarks>Single-threaded: the evaluator's thread owns it.</remarks>
public sealed class StateGraph
{
    private readonly Dictionary<StateSpec, int> _slots = [];
    private readonly List<StateSpec> _specs = [];
    private readonly List<int[]?> _inputSlots = [];

    /// <summary>Distinct specs registered so far, in slot order.</summary>
    public IReadOnlyList<StateSpec> Specs => _specs;

    /// <summary>Builder handler calls that threw (the event went on without that builder's update).</summary>
    public long BuilderErrors { get; private set; }

    /// <summary>The latest builder failure, or null.</summary>
    public string? LastBuilderError { get; private set; }

    /// <summary>The slot of <paramref name="spec"/>, registering it when new.</summary>
    /// <param name="spec">A spec.</param>
    /// <returns>Its global slot.</returns>
    public int SlotOf(StateSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        if (_slots.TryGetValue(spec, out var slot)) return slot;
        slot = _specs.Count;
        _slots.Add(spec, slot);
        _specs.Add(spec);
        _inputSlots.Add(null);
        return slot;
    }

    /// <summary>Binds a configured signal's keys to slots, and builds its specs once in a scratch instrument so a spec that cannot be built fails the load, not the first event.</summary>
    internal void Bind(SignalSetup setup)
    {
        var specs = new List<int>(setup.Keys.Count);
        foreach (var key in setup.Keys)
        {
            key.Slot = SlotOf(key.Spec);
            specs.Add(key.Slot);
        }
        Build(new InstrumentRoute("", "", 0), specs);
    }

    /// <summary>
    /// (Re)builds a route's builders for <paramref name="slots"/>: builders the route already has are
    /// kept with their state, missing ones are created (their inputs first), unneeded ones dropped.
    /// </summary>
    internal void Build(InstrumentRoute route, IReadOnlyList<int> slots)
    {
        var previous = new Dictionary<int, StateBuilder>();
        foreach (var entry in route.Order) previous[entry.Slot] = entry.Builder;
        var resolver = new Resolver(this, previous);
        foreach (var slot in slots) resolver.Visit(slot);

        var order = resolver.Order;
        foreach (var (_, builder) in order) builder.Seal();
        var entries = new BuilderEntry[order.Count];
        var bySlot = new StateBuilder[_specs.Count];
        for (var i = 0; i < order.Count; i++)
        {
            entries[i] = new BuilderEntry(order[i].Builder, order[i].Slot);
            bySlot[order[i].Slot] = order[i].Builder;
        }
        route.Order = entries;
        route.BySlot = bySlot;
    }

    /// <summary>Feeds one event to a route's builders, in order, before any signal sees it.</summary>
    internal void Update<TCall>(InstrumentRoute route, in TCall call, EventKinds kind, long now)
        where TCall : struct, IEventCall => Update(route, route.Order, in call, kind, now);

    /// <summary>Feeds one event to some of a route's builders (a warm-up's), in the order given.</summary>
    internal void Update<TCall>(InstrumentRoute route, BuilderEntry[] order, in TCall call, EventKinds kind, long now)
        where TCall : struct, IEventCall
    {
        for (var i = 0; i < order.Length; i++)
        {
            ref readonly var entry = ref order[i];
            if ((entry.Reach & kind) == 0) continue;
            try
            {
                if (entry.WantsClock) entry.Builder.OnClock(now);
                if ((entry.Consumes & kind) != 0) call.Feed(entry.Builder);
                if (entry.HasInputs) entry.Builder.OnInputsUpdated(now);
            }
            catch (Exception ex)
            {
                // A builder bug costs that builder's update, not the event or the process.
                BuilderErrors++;
                LastBuilderError = $"{_specs[entry.Slot].Describe()} on {route.Feed}/{route.Symbol}: {ex.GetType().Name}: {ex.Message}";
            }
        }
    }

    /// <summary>Resolves specs for one route: the <see cref="IStateInputs"/> builders see, creating inputs before their readers.</summary>
    private sealed class Resolver(StateGraph graph, Dictionary<int, StateBuilder> previous) : IStateInputs
    {
        private readonly Dictionary<int, StateBuilder> _built = [];
        private readonly HashSet<int> _inProgress = [];
        private readonly Stack<List<int>> _reading = new();

        public List<(int Slot, StateBuilder Builder)> Order { get; } = [];

        public TBuilder Get<TBuilder>(StateSpec<TBuilder> spec)
            where TBuilder : StateBuilder
        {
            ArgumentNullException.ThrowIfNull(spec);
            var slot = graph.SlotOf(spec);
            if (_reading.TryPeek(out var inputs)) inputs.Add(slot);
            return (TBuilder)Visit(slot);
        }

        public StateBuilder Visit(int slot)
        {
            if (_built.TryGetValue(slot, out var done)) return done;
            if (!_inProgress.Add(slot)) throw new InvalidOperationException($"state '{graph._specs[slot].Describe()}' depends on itself");
            StateBuilder builder;
            if (previous.TryGetValue(slot, out var kept) && graph._inputSlots[slot] is { } known)
            {
                // Visiting the inputs first keeps (and orders) the instances the kept builder reads.
                foreach (var input in known) Visit(input);
                builder = kept;
            }
            else
            {
                var inputs = new List<int>();
                _reading.Push(inputs);
                try
                {
                    builder = graph._specs[slot].CreateBuilder(this)
                        ?? throw new InvalidOperationException($"state '{graph._specs[slot].Describe()}' created no builder");
                }
                finally
                {
                    _reading.Pop();
                }
                graph._inputSlots[slot] = [.. inputs];
            }
            _inProgress.Remove(slot);
            _built.Add(slot, builder);
            Order.Add((slot, builder));
            return builder;
        }
    }
}
