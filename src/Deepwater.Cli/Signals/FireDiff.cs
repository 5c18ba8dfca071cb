using Signals.Library;

namespace Deepwater.Cli.Signals;

/// <summary>
/// Two backtests' fires matched by (trigger time, feed, symbol, fire type): a key only the
/// candidate has is added, only the baseline removed, both with a different message or fields
/// changed. Fires sharing a key are paired in order, so a signal firing twice on one event counts
/// its extra fire as added or removed.
/// </summary>
internal sealed record FireDiff(
    IReadOnlyList<SignalFire> Added, IReadOnlyList<SignalFire> Removed, IReadOnlyList<(SignalFire Baseline, SignalFire Candidate)> Changed, int Unchanged)
{
    public static FireDiff Compare(IReadOnlyList<SignalFire> baseline, IReadOnlyList<SignalFire> candidate)
    {
        var pending = new Dictionary<Key, Queue<SignalFire>>();
        foreach (var fire in baseline)
        {
            if (!pending.TryGetValue(Key.Of(fire), out var queue)) pending[Key.Of(fire)] = queue = new Queue<SignalFire>();
            queue.Enqueue(fire);
        }
        var added = new List<SignalFire>();
        var changed = new List<(SignalFire, SignalFire)>();
        var unchanged = 0;
        foreach (var fire in candidate)
        {
            if (pending.TryGetValue(Key.Of(fire), out var queue) && queue.TryDequeue(out var before))
            {
                if (Same(before, fire)) unchanged++;
                else changed.Add((before, fire));
            }
            else
            {
                added.Add(fire);
            }
        }
        var removed = pending.Values.SelectMany(q => q).OrderBy(f => f.TsEvent).ToList();
        return new FireDiff(added, removed, changed, unchanged);
    }

    private static bool Same(in SignalFire a, in SignalFire b) =>
        a.Message == b.Message && a.Side == b.Side && FireText.Fields(a) == FireText.Fields(b);

    private readonly record struct Key(long Time, string Feed, string Symbol, FireKind Type)
    {
        public static Key Of(in SignalFire fire) => new(fire.TsEvent, fire.Feed, fire.Symbol, fire.Type);
    }
}
