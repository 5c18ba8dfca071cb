using System.Text.Json.Nodes;
using Signals.Library;

namespace Mcp.Server.Results;

/// <summary>How values look in results: exact decimal strings for prices, compact ISO-8601 for times.</summary>
public static class Json
{
    /// <summary>ISO-8601 UTC with trailing fractional zeros dropped (still exact): <c>2026-08-10T12:00:01.25Z</c>.</summary>
    /// <param name="nanos">UTC nanoseconds.</param>
    /// <returns>The text.</returns>
    public static string Time(long nanos)
    {
        var full = UnixNanos.Format(nanos); // always ".fffffffffZ"
        var end = full.Length - 1;
        while (full[end - 1] == '0') end--;
        if (full[end - 1] == '.') end--;
        return string.Concat(full.AsSpan(0, end), "Z");
    }

    /// <summary>A time, or null for "none".</summary>
    /// <param name="nanos">UTC nanoseconds, or null.</param>
    /// <returns>The node.</returns>
    public static JsonNode? Time(long? nanos) => nanos is { } n ? JsonValue.Create(Time(n)) : null;

    /// <summary>A fixed-point value (scale 1e-9) as an exact decimal string, so no digit is lost to a double.</summary>
    /// <param name="value">The value.</param>
    /// <returns>The text.</returns>
    public static string Decimal(long value) => FixedPoint.Format(value);

    /// <summary>A fixed-point value or null.</summary>
    /// <param name="value">The value, or null.</param>
    /// <returns>The node.</returns>
    public static JsonNode? Decimal(long? value) => value is { } v ? JsonValue.Create(Decimal(v)) : null;

    /// <summary>Snake-case name of an event kind, as tools show it.</summary>
    /// <param name="kind">The kind.</param>
    /// <returns>The name.</returns>
    public static string Kind(EventKind kind) => kind switch
    {
        EventKind.Trade => "trade",
        EventKind.BookDelta => "book_delta",
        EventKind.BookSnapshot => "book_snapshot",
        EventKind.Quote => "quote",
        EventKind.InstrumentStatus => "status",
        EventKind.Gap => "gap",
        EventKind.SignalFire => "signal_fire",
        _ => "none",
    };
}
