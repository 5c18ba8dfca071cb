namespace Signals.Runtime.Compilation;

/// <summary>How <see cref="SignalCompiler.Compile"/> compiles one signal.</summary>
public sealed record SignalCompileOptions
{
    /// <summary>The options for every real signal: metered.</summary>
    public static SignalCompileOptions Default { get; } = new();

    /// <summary>
    /// Whether the fuel rewriter (L3) runs. False only for the fuel-overhead benchmark: an unmetered
    /// signal has no loop or recursion bound and must never be loaded by the runtime.
    /// </summary>
    public bool Metered { get; init; } = true;
}
