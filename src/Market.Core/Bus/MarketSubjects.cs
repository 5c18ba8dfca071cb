namespace Market.Core.Bus;

/// <summary>Subjects for market data: <c>{env}.{feed}.{kind}.{escaped symbol}</c>.</summary>
public static class MarketSubjects
{
    /// <summary>The subject for one symbol; the symbol is escaped so it is always one token.</summary>
    /// <exception cref="ArgumentException">env, feed or kind is not a single valid token, or the symbol is empty.</exception>
    public static string For(string env, string feed, string kind, string symbol)
    {
        CheckToken(env, nameof(env));
        CheckToken(feed, nameof(feed));
        CheckToken(kind, nameof(kind));
        return $"{env}.{feed}.{kind}.{Subjects.EscapeToken(symbol)}";
    }

    /// <summary>The pattern for every symbol of one feed and kind: <c>{env}.{feed}.{kind}.*</c>.</summary>
    public static string AllSymbols(string env, string feed, string kind)
    {
        CheckToken(env, nameof(env));
        CheckToken(feed, nameof(feed));
        CheckToken(kind, nameof(kind));
        return $"{env}.{feed}.{kind}.*";
    }

    /// <summary>The symbol of a market-data subject (its unescaped fourth token), or null if it has not four tokens.</summary>
    public static string? SymbolOf(string subject)
    {
        ArgumentNullException.ThrowIfNull(subject);
        var tokens = subject.Split('.');
        return tokens.Length == 4 ? Subjects.UnescapeToken(tokens[3]) : null;
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
