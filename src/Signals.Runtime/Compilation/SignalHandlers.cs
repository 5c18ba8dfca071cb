using Microsoft.CodeAnalysis;

namespace Signals.Runtime.Compilation;

/// <summary>
/// The methods only the runtime calls: <c>Signal.Configure</c>, the <c>On…</c> handlers and their
/// overrides. L2 refuses any call of or delegate to them from signal code, so each run starts from
/// the runtime with a refilled meter at depth zero; that is why the fuel rewriter need not charge
/// their entry (the handlers are the hottest calls, and every one of them is entered fresh).
/// </summary>
public static class SignalHandlers
{
    private const string SignalNamespace = "Signals.Library";
    private const string SignalType = "Signal";

    /// <summary>Whether <paramref name="method"/> is a virtual or abstract member of <c>Signal</c>, or overrides one.</summary>
    /// <param name="method">A method symbol.</param>
    /// <returns>True for <c>Configure</c>, the handlers and their overrides at any depth.</returns>
    public static bool IsRuntimeEntered(IMethodSymbol? method)
    {
        for (var m = method?.OriginalDefinition; m is not null; m = m.OverriddenMethod?.OriginalDefinition)
        {
            if (m.ContainingType is { Name: SignalType, ContainingType: null, ContainingNamespace: { } ns }
                && ns.ToDisplayString() == SignalNamespace
                && (m.IsVirtual || m.IsAbstract || m.IsOverride))
            {
                return true;
            }
            if (!m.IsOverride) return false;
        }
        return false;
    }
}
