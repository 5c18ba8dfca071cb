namespace Market.Core.Bus;

/// <summary>
/// Subject rules shared by every bus: non-empty tokens separated by '.', no whitespace or control
/// characters. In subscriptions a token may be <c>*</c> (exactly one token) or, as the last token
/// only, <c>&gt;</c> (one or more tokens). Literal text that might break these rules (venue symbols)
/// goes through <see cref="EscapeToken"/>.
/// </summary>
public static partial class Subjects
{
    /// <summary>Throws <see cref="ArgumentException"/> unless <paramref name="subject"/> is a valid subject to publish to (no wildcards).</summary>
    public static void ValidatePublish(string subject, string? paramName = "subject")
    {
        var error = Check(subject, allowWildcards: false);
        if (error is not null) throw new ArgumentException(error, paramName);
    }

    /// <summary>Throws <see cref="ArgumentException"/> unless <paramref name="pattern"/> is a valid subscription subject.</summary>
    public static void ValidatePattern(string pattern, string? paramName = "subject")
    {
        var error = Check(pattern, allowWildcards: true);
        if (error is not null) throw new ArgumentException(error, paramName);
    }

    /// <summary>True when <paramref name="subject"/> is a valid subject to publish to.</summary>
    public static bool IsValidPublish(string subject) => Check(subject, allowWildcards: false) is null;

    /// <summary>True when <paramref name="pattern"/> is a valid subscription subject.</summary>
    public static bool IsValidPattern(string pattern) => Check(pattern, allowWildcards: true) is null;

    /// <summary>
    /// True when the concrete <paramref name="subject"/> matches <paramref name="pattern"/>. Both are
    /// assumed valid; a wildcard in <paramref name="subject"/> is compared literally.
    /// </summary>
    public static bool Matches(string pattern, string subject)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        ArgumentNullException.ThrowIfNull(subject);
        var p = pattern.AsSpan();
        var s = subject.AsSpan();
        while (true)
        {
            var pToken = NextToken(ref p, out var pMore);
            if (pToken is ">") return s.Length > 0;
            if (s.Length == 0) return false;
            var sToken = NextToken(ref s, out var sMore);
            if (pToken is not "*" && !pToken.SequenceEqual(sToken)) return false;
            if (!pMore) return !sMore;
            if (!sMore) return false;
        }
    }

    // Splits off the first token; `more` says whether a '.' followed it.
    private static ReadOnlySpan<char> NextToken(ref ReadOnlySpan<char> rest, out bool more)
    {
        var dot = rest.IndexOf('.');
        more = dot >= 0;
        var token = more ? rest[..dot] : rest;
        rest = more ? rest[(dot + 1)..] : [];
        return token;
    }

    // Returns a message that names the subject, the problem and where it is; null when valid.
    private static string? Check(string? subject, bool allowWildcards)
    {
        if (subject is null) return "subject is null";
        if (subject.Length == 0) return "subject is empty";
        var tokenStart = 0;
        var tokenIndex = 0;
        for (var i = 0; i <= subject.Length; i++)
        {
            if (i < subject.Length && subject[i] != '.')
            {
                var c = subject[i];
                if (char.IsWhiteSpace(c) || char.IsControl(c))
                {
                    return $"subject '{subject}' contains whitespace or a control character (U+{(int)c:X4}) at index {i}; escape it with Subjects.EscapeToken";
                }
                continue;
            }
            var token = subject.AsSpan(tokenStart, i - tokenStart);
            if (token.IsEmpty) return $"subject '{subject}' has an empty token at position {tokenIndex} (tokens are separated by single dots, with none leading or trailing)";
            var error = CheckToken(subject, token, tokenIndex, last: i == subject.Length, allowWildcards);
            if (error is not null) return error;
            tokenStart = i + 1;
            tokenIndex++;
        }
        return null;
    }

    private static string? CheckToken(string subject, ReadOnlySpan<char> token, int tokenIndex, bool last, bool allowWildcards)
    {
        var isWildcard = token is "*" or ">";
        if (isWildcard && !allowWildcards)
        {
            return $"cannot publish to '{subject}': the wildcard '{token}' at position {tokenIndex} is only allowed in subscriptions";
        }
        if (token is ">" && !last)
        {
            return $"subject '{subject}' has '>' at position {tokenIndex}, but '>' is only allowed as the last token";
        }
        if (!isWildcard && token.IndexOfAny('*', '>') >= 0)
        {
            return $"subject '{subject}' has token '{token}' at position {tokenIndex} that mixes '*' or '>' with other characters; escape literal text with Subjects.EscapeToken";
        }
        return null;
    }
}
