using Signals.Library;
using Signals.Runtime.Compilation;
using Signals.Runtime.Evaluation;
using Signals.Runtime.Fires;
using Signals.Runtime.Loading;
using Signals.Runtime.Replay;

namespace Deepwater.Cli.Signals;

/// <summary>What one backtest produced: every fire in order, the replay's counts and the signal's final status.</summary>
internal sealed record BacktestRun(SignalSource Signal, IReadOnlyList<SignalFire> Fires, ReplayResult Replay, SignalStatus? Status);

/// <summary>
/// Runs one signal version over journals exactly as the runtime would: compiled through the
/// sandbox (metered), loaded into its own context, and replayed in the deterministic merge order.
/// </summary>
internal static class Backtest
{
    /// <summary>Shared so a diff's two versions and repeated runs hit the compile cache.</summary>
    public static SignalCompiler Compiler { get; } = new();

    /// <summary>Compiles <paramref name="signal"/>; the result carries the diagnostics when it fails.</summary>
    public static SignalCompileResult Compile(SignalSource signal) => Compiler.Compile(signal.File, signal.Source);

    /// <summary>Replays <paramref name="sources"/> through the compiled signal.</summary>
    /// <exception cref="BacktestException">The signal did not compile or load (its Configure failed).</exception>
    public static BacktestRun Run(SignalSource signal, IReadOnlyDictionary<string, double>? parameters, IReadOnlyList<ReplaySource> sources,
        ReplayOptions options, CancellationToken cancellation)
    {
        var compiled = Compile(signal);
        if (!compiled.Success) throw new BacktestException(signal, compiled.Errors.ToList(), null);
        LoadedSignal version;
        try
        {
            version = LoadedSignal.Load(compiled, new SignalIdentity(signal.Name, signal.Commit, compiled.SourceHash));
        }
        catch (InvalidOperationException e)
        {
            throw new BacktestException(signal, [], "load: " + e.Message);
        }
        var sink = new CollectingSink();
        try
        {
            using var evaluator = new SignalEvaluator(sink);
            var loaded = evaluator.Load(version.Definition(parameters));
            if (!loaded.Loaded) throw new BacktestException(signal, [], loaded.Error);
            var result = new ReplayEngine(evaluator).Run(sources, options, cancellation);
            var status = evaluator.Unload(signal.Name);
            return new BacktestRun(signal, sink.Fires, result, status);
        }
        finally
        {
            version.Unload();
        }
    }

    private sealed class CollectingSink : IFireSink
    {
        public List<SignalFire> Fires { get; } = [];

        public void OnFire(in SignalFire fire) => Fires.Add(fire);
    }
}

/// <summary>A backtest could not start: compile errors, or a load failure.</summary>
internal sealed class BacktestException(SignalSource signal, IReadOnlyList<SignalDiagnostic> diagnostics, string? error)
    : Exception(error ?? $"{signal.Name} ({signal.Version}) does not compile")
{
    public SignalSource Signal { get; } = signal;

    public IReadOnlyList<SignalDiagnostic> Diagnostics { get; } = diagnostics;
}
