using System.Globalization;
using Market.Core.Bus;
using Market.Core.Journal;
using Signals.Library;

namespace Market.Core.Fanout;

/// <summary>Subjects the fan-out publishes on and subscribes to.</summary>
public static class FanoutSubjects
{
    /// <summary>The symbol token of feed-wide records (instrument 0), such as gaps and status.</summary>
    public const string FeedWideSymbol = "_feed";

    /// <summary>
    /// The symbol of <paramref name="instrumentId"/>: <see cref="FeedWideSymbol"/> for 0, the interned
    /// symbol when known, else <c>_id{n}</c> so a record is never held back for want of a name.
    /// </summary>
    public static string SymbolOf(ISymbolTable symbols, uint instrumentId)
    {
        ArgumentNullException.ThrowIfNull(symbols);
        if (instrumentId == 0) return FeedWideSymbol;
        return symbols.GetSymbol(instrumentId) ?? "_id" + instrumentId.ToString(CultureInfo.InvariantCulture);
    }

    /// <summary>The subject of one record: <c>{env}.{feed}.{kind}.{escaped symbol}</c>.</summary>
    public static string For(string environment, string feed, EventKind kind, string symbol) =>
        MarketSubjects.For(environment, feed, EventKindNames.NameOf(kind), symbol);

    /// <summary>The pattern matching <paramref name="filter"/> on one feed; <c>*</c> stands for an unset part.</summary>
    public static string Pattern(string environment, string feed, ReplayFilter? filter)
    {
        CheckToken(environment, nameof(environment));
        CheckToken(feed, nameof(feed));
        var kind = filter?.Kind is { } k ? EventKindNames.NameOf(k) : "*";
        var pattern = $"{environment}.{feed}.{kind}.{(filter?.Symbol is { } s ? Subjects.EscapeToken(s) : "*")}";
        Subjects.ValidatePattern(pattern, nameof(environment));
        return pattern;
    }

    private static void CheckToken(string token, string paramName)
    {
        ArgumentNullException.ThrowIfNull(token, paramName);
        if (token.Contains('.', StringComparison.Ordinal) || !Subjects.IsValidPublish(token))
        {
            throw new ArgumentException($"{paramName} '{token}' must be a single subject token: non-empty, no '.', whitespace or wildcards", paramName);
        }
    }
}
