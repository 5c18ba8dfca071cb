namespace Signals.Runtime.Compilation;

/// <summary>
/// One finding about a signal's source, mapped to the author's file with 1-based line and column.
/// </summary>
/// <param name="Id">A stable id: <c>CSxxxx</c> from the C# compiler, <c>DWxxxx</c> from the sandbox layers.</param>
/// <param name="Severity"><c>error</c>, <c>warning</c> or <c>info</c>.</param>
/// <param name="Layer">Which check found it: <see cref="DiagnosticLayers"/>.</param>
/// <param name="File">The author's file name, as given to the compiler (e.g. <c>signals/spread_blowout.cs</c>).</param>
/// <param name="Line">1-based line.</param>
/// <param name="Column">1-based column.</param>
/// <param name="Message">What is wrong, naming the construct or member.</param>
/// <param name="Hint">What to use instead; empty when the compiler's message says it all.</param>
public sealed record SignalDiagnostic(string Id, string Severity, string Layer, string File, int Line, int Column, string Message, string Hint)
{
    /// <summary>Whether this diagnostic fails the compile.</summary>
    public bool IsError => Severity == DiagnosticSeverities.Error;

    /// <summary><c>file(line,col): severity id [layer]: message (hint)</c>, the shape compilers print.</summary>
    /// <returns>The diagnostic on one line.</returns>
    public override string ToString() =>
        $"{File}({Line},{Column}): {Severity} {Id} [{Layer}]: {Message}" + (Hint.Length > 0 ? $" (hint: {Hint})" : "");
}

/// <summary>The values of <see cref="SignalDiagnostic.Layer"/>.</summary>
public static class DiagnosticLayers
{
    /// <summary>The C# compiler itself (syntax and type errors).</summary>
    public const string Compile = "compile";

    /// <summary>L1: forbidden syntax (unsafe, async, finalizers, directives…).</summary>
    public const string Syntax = "syntax";

    /// <summary>L2: a symbol outside the allowlist, or static mutable state.</summary>
    public const string Allowlist = "allowlist";

    /// <summary>The signal's shape: one public sealed class deriving from Signal.</summary>
    public const string Signal = "signal";

    /// <summary>L3: the fuel rewriter produced code that did not compile (a compiler bug, not the author's).</summary>
    public const string Fuel = "fuel";

    /// <summary>L4: the emitted assembly references something outside the allowlist.</summary>
    public const string EmitCheck = "emit-check";
}

/// <summary>The values of <see cref="SignalDiagnostic.Severity"/>.</summary>
public static class DiagnosticSeverities
{
    /// <summary>Fails the compile.</summary>
    public const string Error = "error";

    /// <summary>Reported; does not fail.</summary>
    public const string Warning = "warning";

    /// <summary>Reported; does not fail.</summary>
    public const string Info = "info";
}
