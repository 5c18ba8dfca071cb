using Market.Core.Time;
using Mcp.Server.Results;

namespace Mcp.Server.Validation;

/// <summary>Time arguments, parsed with <see cref="TimeExpression"/> so every tool takes the same forms.</summary>
public static class TimeArgs
{
    /// <summary>The forms, for hints.</summary>
    public const string Forms = "ISO-8601 (2026-08-10T12:00:00Z, 2026-08-10) or relative (now-1h, 15m = 15 minutes ago)";

    /// <summary>Parses an instant argument; null stays null.</summary>
    /// <param name="tool">The tool, for the message.</param>
    /// <param name="name">The argument's name.</param>
    /// <param name="text">Its value.</param>
    /// <param name="now">Now, UTC nanoseconds.</param>
    /// <returns>UTC nanoseconds, or null.</returns>
    public static long? Instant(string tool, string name, string? text, long now)
    {
        if (text is null) return null;
        if (TimeExpression.TryParseInstant(text, now, out var nanos, out var error)) return nanos;
        throw new ToolError(ErrorCodes.BadTime, $"{tool} argument '{name}': {error}", $"pass '{name}' as {Forms}");
    }

    /// <summary>Parses a duration argument; null stays null.</summary>
    /// <param name="tool">The tool, for the message.</param>
    /// <param name="name">The argument's name.</param>
    /// <param name="text">Its value.</param>
    /// <returns>Nanoseconds, or null.</returns>
    public static long? Duration(string tool, string name, string? text)
    {
        if (text is null) return null;
        if (TimeExpression.TryParseDuration(text, out var nanos, out var error)) return nanos;
        throw new ToolError(ErrorCodes.BadTime, $"{tool} argument '{name}': {error}", $"pass '{name}' as a duration such as 30s, 5m, 1h30m");
    }

    /// <summary>Throws unless <paramref name="from"/> is before <paramref name="to"/>.</summary>
    /// <param name="tool">The tool.</param>
    /// <param name="from">The start.</param>
    /// <param name="to">The end.</param>
    public static void Ordered(string tool, long from, long to)
    {
        if (from < to) return;
        throw new ToolError(ErrorCodes.BadRange, $"{tool}: 'from' ({Json.Time(from)}) must be before 'to' ({Json.Time(to)})",
            "swap 'from' and 'to', or omit 'to' to read up to the end of the data");
    }

    /// <summary>Checks a limit against the server's caps; null gives the default.</summary>
    /// <param name="tool">The tool.</param>
    /// <param name="limit">The limit passed.</param>
    /// <param name="caps">The caps.</param>
    /// <returns>The limit to use.</returns>
    public static int Limit(string tool, int? limit, ResultCaps caps)
    {
        ArgumentNullException.ThrowIfNull(caps);
        if (limit is null) return caps.DefaultLimit;
        if (limit >= 1 && limit <= caps.MaxLimit) return limit.Value;
        throw new ToolError(ErrorCodes.InvalidArgument, $"{tool} argument 'limit' is {limit}, outside 1..{caps.MaxLimit}",
            $"pass 'limit' within 1..{caps.MaxLimit} and page with 'cursor'");
    }
}
