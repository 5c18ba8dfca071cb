namespace Signals.Library;

/// <summary>
/// What a signal listens to: feed and symbol patterns (<c>*</c> matches any run of characters,
/// <c>?</c> one character) and the event kinds.
/// </summary>
/// <param name="Feed">The feed pattern, e.g. <c>coinbase</c> or <c>*</c>.</param>
/// <param name="Symbol">The symbol pattern, e.g. <c>BTC-*</c>.</param>
/// <param name="Kinds">The event kinds delivered.</param>
public sealed record SignalSubscription(string Feed, string Symbol, EventKinds Kinds)
{
    /// <summary>Whether an event of <paramref name="kind"/> on <paramref name="feed"/>/<paramref name="symbol"/> is delivered.</summary>
    /// <param name="feed">The event's feed.</param>
    /// <param name="symbol">The event's symbol.</param>
    /// <param name="kind">The event's kind.</param>
    /// <returns>True when it matches.</returns>
    public bool Matches(string feed, string symbol, EventKind kind) => Kinds.Has(kind) && Covers(feed, symbol);

    /// <summary>Whether the feed and symbol patterns cover an instrument, whatever the kind.</summary>
    /// <param name="feed">The feed.</param>
    /// <param name="symbol">The symbol.</param>
    /// <returns>True when both patterns match.</returns>
    public bool Covers(string feed, string symbol) => Glob(Feed, feed) && Glob(Symbol, symbol);

    /// <summary>Glob match with <c>*</c> and <c>?</c>, ordinal, linear time (backtracks to the last star only).</summary>
    /// <param name="pattern">The pattern.</param>
    /// <param name="text">The text.</param>
    /// <returns>True when the whole text matches.</returns>
    public static bool Glob(ReadOnlySpan<char> pattern, ReadOnlySpan<char> text)
    {
        int p = 0, t = 0, star = -1, mark = 0;
        while (t < text.Length)
        {
            if (p < pattern.Length && (pattern[p] == '?' || pattern[p] == text[t]))
            {
                p++;
                t++;
            }
            else if (p < pattern.Length && pattern[p] == '*')
            {
                star = p++;
                mark = t;
            }
            else if (star >= 0)
            {
                p = star + 1;
                t = ++mark;
            }
            else
            {
                return false;
            }
        }
        while (p < pattern.Length && pattern[p] == '*') p++;
        return p == pattern.Length;
    }
}
