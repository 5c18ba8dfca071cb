using Signals.Library;

namespace Market.Core.Fanout;

/// <summary>Which records a replay-merged subscription delivers; null parts match everything.</summary>
/// <param name="Kind">Only this kind.</param>
/// <param name="Symbol">Only this symbol (unescaped; <see cref="FanoutSubjects.FeedWideSymbol"/> for feed-wide records).</param>
public sealed record ReplayFilter(EventKind? Kind = null, string? Symbol = null)
{
    /// <summary>True when nothing is filtered, so every sequence of the feed is expected.</summary>
    public bool IsFeedWide => Kind is null && Symbol is null;
}
