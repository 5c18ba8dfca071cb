namespace Signals.Runtime.Compilation;

/// <summary>What <see cref="SignalCompiler.Compile"/> produced for one source file.</summary>
/// <param name="Success">Whether every layer passed and an assembly was emitted.</param>
/// <param name="Assembly">The PE image with an embedded portable PDB; empty on failure.</param>
/// <param name="Diagnostics">Errors and warnings, in file order.</param>
/// <param name="SourceHash">Lower-case hex SHA-256 of the source text (UTF-8), what fires record.</param>
/// <param name="ClassName">The signal class's full name, or null when there is not exactly one.</param>
/// <param name="AssemblyName">The emitted assembly's name: unique per (signal name, source hash).</param>
/// <param name="Metered">Whether the fuel rewriter ran (false only for the overhead benchmark).</param>
/// <param name="Elapsed">Wall time of the compile that produced this result (the original one when cached).</param>
/// <param name="FromCache">Whether the result came from the content-hash cache.</param>
public sealed record SignalCompileResult(
    bool Success,
    ReadOnlyMemory<byte> Assembly,
    IReadOnlyList<SignalDiagnostic> Diagnostics,
    string SourceHash,
    string? ClassName,
    string AssemblyName,
    bool Metered,
    TimeSpan Elapsed,
    bool FromCache)
{
    /// <summary>The errors only.</summary>
    public IEnumerable<SignalDiagnostic> Errors => Diagnostics.Where(d => d.IsError);
}
