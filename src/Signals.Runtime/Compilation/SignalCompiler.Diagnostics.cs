using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;

namespace Signals.Runtime.Compilation;

/// <summary>Maps the C# compiler's diagnostics to <see cref="SignalDiagnostic"/>s in the author's file.</summary>
public sealed partial class SignalCompiler
{
    private IEnumerable<SignalDiagnostic> Map(IEnumerable<Diagnostic> diagnostics, string file)
    {
        foreach (var d in diagnostics)
        {
            if (d.Severity is DiagnosticSeverity.Hidden or DiagnosticSeverity.Info) continue;
            var span = d.Location.GetMappedLineSpan();
            var (line, column) = d.Location.IsInSource ? (span.StartLinePosition.Line + 1, span.StartLinePosition.Character + 1) : (1, 1);
            var path = d.Location.IsInSource && d.Location.SourceTree?.FilePath is { Length: > 0 } p ? p : file;
            var severity = d.Severity == DiagnosticSeverity.Error ? DiagnosticSeverities.Error : DiagnosticSeverities.Warning;
            var message = d.GetMessage(System.Globalization.CultureInfo.InvariantCulture);
            if (d.Severity == DiagnosticSeverity.Error && DeniedName(d.Id, message) is { } denied)
            {
                // The name does not resolve because the sandbox never references it: say so, not "missing using".
                yield return new SignalDiagnostic(d.Id, severity, DiagnosticLayers.Allowlist, path, line, column,
                    $"'{denied.Name}' is not available to signals ({message})", denied.Hint);
                continue;
            }
            if (d.Severity == DiagnosticSeverity.Error && MissingPlugin(d.Id, message) is { } missing)
            {
                yield return new SignalDiagnostic(d.Id, severity, DiagnosticLayers.Compile, path, line, column,
                    $"'{missing}' is not provided by any installed plugin ({message})",
                    Plugins.Count == 0
                        ? "no plugins are installed: plugins are built assemblies the operator puts in the runtime's plugins directory"
                        : $"installed plugins: {string.Join(", ", Plugins.Select(p => p.Name))}; others go in the runtime's plugins directory");
                continue;
            }
            yield return new SignalDiagnostic(d.Id, severity, DiagnosticLayers.Compile, path, line, column, message, "");
        }
    }

    private (string Name, string Hint)? DeniedName(string id, string message)
    {
        var quoted = QuotedPattern().Matches(message).Select(m => m.Groups[1].Value).ToList();
        if (quoted.Count == 0) return null;
        switch (id)
        {
            case "CS0246" or "CS0103":
                return Allowlist.FindDeniedType(quoted[0]) is { } rule ? (quoted[0], rule.Hint) : null;
            case "CS0234" when quoted.Count >= 2:
                var (name, ns) = (quoted[0], quoted[1]);
                var asType = Allowlist.CheckType(ns, name);
                if (asType.Verdict == AllowlistVerdict.Deny && asType.Rule?.Target == $"{ns}.{name}") return ($"{ns}.{name}", asType.Hint);
                var asNamespace = Allowlist.CheckType($"{ns}.{name}", "\0");
                if (asNamespace is { Verdict: AllowlistVerdict.Deny, Rule: not null }) return ($"{ns}.{name}", asNamespace.Hint);
                return asType is { Verdict: AllowlistVerdict.Deny, Rule: not null } ? ($"{ns}.{name}", asType.Hint) : null;
            default:
                return null;
        }
    }

    /// <summary>A name under <c>Deepwater.</c> that does not resolve: plugins live there, so the likely cause is a plugin that is not installed.</summary>
    private static string? MissingPlugin(string id, string message)
    {
        var quoted = QuotedPattern().Matches(message).Select(m => m.Groups[1].Value).ToList();
        return id switch
        {
            "CS0246" when quoted.Count >= 1 && IsPluginNamespace(quoted[0]) => quoted[0],
            "CS0234" when quoted.Count >= 2 && IsPluginNamespace(quoted[1]) => $"{quoted[1]}.{quoted[0]}",
            _ => null,
        };
    }

    private static bool IsPluginNamespace(string name) => name == "Deepwater" || name.StartsWith("Deepwater.", StringComparison.Ordinal);

    [GeneratedRegex("'([^']+)'")]
    private static partial Regex QuotedPattern();
}
