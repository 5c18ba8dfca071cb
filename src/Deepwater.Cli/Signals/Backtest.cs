using Signals.Library;
using Signals.Runtime.Backtesting;
using Signals.Runtime.Compilation;
using Signals.Runtime.Evaluation;
using Signals.Runtime.Replay;

namespace Deepwater.Cli.Signals;

/// <summary>What one backtest produced: every fire in order, the replay's counts and the signal's final status.</summary>
internal sealed record BacktestRun(SignalSource Signal, IReadOnlyList<SignalFire> Fires, ReplayResult Replay, SignalStatus? Status);

/// <summary>
/// The CLI's side of <see cref="SignalBacktest"/> (in Signals.Runtime, shared with the MCP server):
/// signals named the CLI's way, run in process as the operator asked for them on the command line.
/// </summary>
internal static class Backtest
{
    /// <summary>Shared so a diff's two versions and repeated runs hit the compile cache.</summary>
    public static SignalBacktest Runner { get; } = new();

    /// <summary>Compiles <paramref name="signal"/>; the result carries the diagnostics when it fails.</summary>
    public static SignalCompileResult Compile(SignalSource signal) => Runner.Compile(Of(signal));

    /// <summary>Replays <paramref name="sources"/> through the compiled signal.</summary>
    /// <exception cref="BacktestException">The signal did not compile or load (its Configure failed).</exception>
    public static BacktestRun Run(SignalSource signal, IReadOnlyDictionary<string, double>? parameters, IReadOnlyList<ReplaySource> sources,
        ReplayOptions options, CancellationToken cancellation)
    {
        try
        {
            var result = Runner.Run(Of(signal), parameters, sources, options, cancellationToken: cancellation);
            return new BacktestRun(signal, result.Fires, result.Replay, result.Status);
        }
        catch (SignalBacktestException e)
        {
            throw new BacktestException(signal, e.Diagnostics, e.Diagnostics.Count > 0 ? null : e.Message);
        }
    }

    private static BacktestSignal Of(SignalSource signal) => new(signal.Name, signal.File, signal.Source, signal.Commit);
}

/// <summary>A backtest could not start: compile errors, or a load failure.</summary>
internal sealed class BacktestException(SignalSource signal, IReadOnlyList<SignalDiagnostic> diagnostics, string? error)
    : Exception(error ?? $"{signal.Name} ({signal.Version}) does not compile")
{
    public SignalSource Signal { get; } = signal;

    public IReadOnlyList<SignalDiagnostic> Diagnostics { get; } = diagnostics;
}
