using Microsoft.CodeAnalysis;

namespace Signals.Runtime.Compilation;

/// <summary>Makes <see cref="SignalDiagnostic"/>s at a syntax location, mapped to the author's file, 1-based.</summary>
internal static class DiagnosticFactory
{
    public static SignalDiagnostic Error(string file, Location location, string id, string layer, string message, string hint)
    {
        var (line, column) = Position(location);
        return new SignalDiagnostic(id, DiagnosticSeverities.Error, layer, file, line, column, message, hint);
    }

    public static SignalDiagnostic Error(string file, SyntaxNodeOrToken at, string id, string layer, string message, string hint) =>
        Error(file, at.GetLocation() ?? Location.None, id, layer, message, hint);

    public static (int Line, int Column) Position(Location location)
    {
        if (!location.IsInSource) return (1, 1);
        var start = location.GetLineSpan().StartLinePosition;
        return (start.Line + 1, start.Character + 1);
    }

    /// <summary>File order, then errors before warnings; a stable order for authors and tests.</summary>
    public static List<SignalDiagnostic> Sorted(IEnumerable<SignalDiagnostic> diagnostics) =>
        [.. diagnostics.OrderBy(d => d.Line).ThenBy(d => d.Column).ThenBy(d => d.IsError ? 0 : 1).ThenBy(d => d.Id, StringComparer.Ordinal)];
}
