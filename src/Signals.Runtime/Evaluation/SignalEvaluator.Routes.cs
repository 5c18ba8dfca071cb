using System.Globalization;
using Signals.Library;
using Signals.Runtime.Evaluation.Internal;

namespace Signals.Runtime.Evaluation;

public sealed partial class SignalEvaluator
{
    /// <summary>The route for an instrument, created on its first event and rebuilt after the signal set changed.</summary>
    private InstrumentRoute Route(FeedState feed, uint id)
    {
        if (id >= (uint)feed.Routes.Length) Array.Resize(ref feed.Routes, (int)Math.Max(id + 1, (uint)feed.Routes.Length * 2));
        var route = feed.Routes[id];
        if (route is null)
        {
            var symbol = id == 0 ? "" : feed.Symbols?.GetSymbol(id) ?? "#" + id.ToString(CultureInfo.InvariantCulture);
            route = feed.Routes[id] = new InstrumentRoute(feed.Handle.Name, symbol, id);
        }
        RebuildRoute(route);
        return route;
    }

    /// <summary>
    /// Works out who listens to a route and which builders they need. Builders the route already has
    /// keep their state; new ones start from the next event. Feed-wide records (instrument 0) go to
    /// signals whose feed pattern matches, whatever their symbol pattern, and feed no builders.
    /// </summary>
    private void RebuildRoute(InstrumentRoute route)
    {
        var byKind = new List<Subscriber>[(int)EventKind.SignalFire];
        var slots = new List<int>();
        foreach (var signal in _signals)
        {
            if (signal.State != SignalState.Running) continue;
            var kinds = EventKinds.None;
            foreach (var subscription in signal.Setup.Subscriptions)
            {
                var covers = route.InstrumentId == 0
                    ? SignalSubscription.Glob(subscription.Feed, route.Feed)
                    : subscription.Covers(route.Feed, route.Symbol);
                if (covers) kinds |= subscription.Kinds;
            }
            if (kinds == EventKinds.None) continue;
            var subscriber = new Subscriber(signal, signal.SeenSet.Contains(route));
            for (var kind = EventKind.Trade; kind < EventKind.SignalFire; kind++)
            {
                if (kinds.Has(kind)) (byKind[(int)kind] ??= []).Add(subscriber);
            }
            if (route.InstrumentId == 0) continue;
            foreach (var key in signal.Setup.Keys)
            {
                if (!slots.Contains(key.Slot)) slots.Add(key.Slot);
            }
        }
        Graph.Build(route, slots);
        var arrays = InstrumentRoute.Empty();
        for (var i = 0; i < byKind.Length; i++)
        {
            if (byKind[i] is { } list) arrays[i] = [.. list];
        }
        route.ByKind = arrays;
        route.Version = _version;
    }
}
