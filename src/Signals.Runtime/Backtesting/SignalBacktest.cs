using Signals.Library;
using Signals.Runtime.Compilation;
using Signals.Runtime.Evaluation;
using Signals.Runtime.Fires;
using Signals.Runtime.Loading;
using Signals.Runtime.Replay;
using Signals.Runtime.Worker;

namespace Signals.Runtime.Backtesting;

/// <summary>One signal version to backtest: its name, the file name diagnostics use, its source, and its commit (empty for a draft).</summary>
/// <param name="Name">The signal's name.</param>
/// <param name="File">The file name diagnostics carry, e.g. <c>signals/spread_blowout.cs</c>.</param>
/// <param name="Source">The C# source.</param>
/// <param name="Commit">The commit it came from; empty for a draft.</param>
public sealed record BacktestSignal(string Name, string File, string Source, string Commit = "");

/// <summary>What one backtest produced.</summary>
/// <param name="Fires">The fires kept, in order (at most the number asked for; <see cref="ReplayResult.Fires"/> counts all).</param>
/// <param name="Replay">The replay's counts and timing.</param>
/// <param name="Status">The signal's final status (quarantine, errors, time spent), or null.</param>
/// <param name="Isolation">Where the signal ran.</param>
/// <param name="SourceHash">SHA-256 of the source, what its fires carry.</param>
public sealed record BacktestResult(IReadOnlyList<SignalFire> Fires, ReplayResult Replay, SignalStatus? Status, SignalIsolation Isolation, string SourceHash);

/// <summary>
/// Runs one signal version over journals exactly as the runtime would: compiled through the
/// sandbox (metered), loaded into its own context or into a worker process, and replayed in the
/// deterministic merge order. The CLI's <c>signals backtest</c>/<c>diff</c> and the MCP authoring
/// tools share it.
/// </summary>
/// <param name="compiler">The compiler; shared so repeated runs hit its cache. A new one when null.</param>
public sealed class SignalBacktest(SignalCompiler? compiler = null)
{
    /// <summary>The sandboxed compiler in use.</summary>
    public SignalCompiler Compiler { get; } = compiler ?? new SignalCompiler();

    /// <summary>Compiles <paramref name="signal"/>; the result carries the diagnostics when it fails.</summary>
    /// <param name="signal">The version.</param>
    /// <returns>The compile result.</returns>
    public SignalCompileResult Compile(BacktestSignal signal)
    {
        ArgumentNullException.ThrowIfNull(signal);
        return Compiler.Compile(signal.File, signal.Source);
    }

    /// <summary>Replays <paramref name="sources"/> through the compiled signal.</summary>
    /// <param name="signal">The version.</param>
    /// <param name="parameters">Parameter overrides; null for the declared defaults.</param>
    /// <param name="sources">The journals to replay.</param>
    /// <param name="options">Range, symbols, pacing, progress.</param>
    /// <param name="isolation">In process, or in a worker process (drafts and agent-written signals).</param>
    /// <param name="worker">The worker's settings when <paramref name="isolation"/> is <see cref="SignalIsolation.Worker"/>; defaults when null.</param>
    /// <param name="keepFires">How many fires to keep in the result (all are counted).</param>
    /// <param name="cancellationToken">Stops the replay between events; the result says so.</param>
    /// <returns>The fires, counts and status.</returns>
    /// <exception cref="SignalBacktestException">The signal did not compile or load (its Configure failed).</exception>
    public BacktestResult Run(BacktestSignal signal, IReadOnlyDictionary<string, double>? parameters, IReadOnlyList<ReplaySource> sources,
        ReplayOptions options, SignalIsolation isolation = SignalIsolation.InProcess, WorkerOptions? worker = null, int keepFires = int.MaxValue,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(signal);
        ArgumentOutOfRangeException.ThrowIfNegative(keepFires);
        var compiled = Compile(signal);
        if (!compiled.Success) throw new SignalBacktestException(signal, [.. compiled.Errors], null);
        var identity = new SignalIdentity(signal.Name, signal.Commit, compiled.SourceHash);
        var sink = new CollectingSink(keepFires);
        return isolation == SignalIsolation.Worker
            ? InWorker(signal, identity, compiled, parameters, sources, options, worker, sink, cancellationToken)
            : InProcess(signal, identity, compiled, parameters, sources, options, sink, cancellationToken);
    }

    private static BacktestResult InProcess(BacktestSignal signal, SignalIdentity identity, SignalCompileResult compiled, IReadOnlyDictionary<string, double>? parameters,
        IReadOnlyList<ReplaySource> sources, ReplayOptions options, CollectingSink sink, CancellationToken cancellationToken)
    {
        LoadedSignal version;
        try
        {
            version = LoadedSignal.Load(compiled, identity);
        }
        catch (InvalidOperationException e)
        {
            throw new SignalBacktestException(signal, [], "load: " + e.Message);
        }
        try
        {
            using var evaluator = new SignalEvaluator(sink);
            var loaded = evaluator.Load(version.Definition(parameters));
            if (!loaded.Loaded) throw new SignalBacktestException(signal, [], loaded.Error);
            var result = new ReplayEngine(evaluator).Run(sources, options, cancellationToken);
            var status = evaluator.Unload(signal.Name);
            return new BacktestResult(sink.Fires, result, status, SignalIsolation.InProcess, compiled.SourceHash);
        }
        finally
        {
            version.Unload();
        }
    }

    private static BacktestResult InWorker(BacktestSignal signal, SignalIdentity identity, SignalCompileResult compiled, IReadOnlyDictionary<string, double>? parameters,
        IReadOnlyList<ReplaySource> sources, ReplayOptions options, WorkerOptions? worker, CollectingSink sink, CancellationToken cancellationToken)
    {
        WorkerSignalHost host;
        try
        {
            host = WorkerSignalHost.Start(sink, worker);
        }
        catch (Exception e) when (e is FileNotFoundException or InvalidOperationException)
        {
            throw new SignalBacktestException(signal, [], "the signal worker could not start: " + e.Message) { WorkerUnavailable = true };
        }
        try
        {
            var loaded = host.Load(new WorkerSignal(identity, compiled, parameters));
            if (!loaded.Loaded) throw new SignalBacktestException(signal, [], loaded.Error);
            var result = new ReplayEngine(host).Run(sources, options, cancellationToken);
            var status = host.Unload(signal.Name);
            return new BacktestResult(sink.Fires, result, status, SignalIsolation.Worker, compiled.SourceHash);
        }
        finally
        {
            // The replay is synchronous (the caller's thread drives it), so waiting for the worker's exit here is too.
            host.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }
    }

    private sealed class CollectingSink(int keep) : IFireSink
    {
        public List<SignalFire> Fires { get; } = [];

        public void OnFire(in SignalFire fire)
        {
            if (Fires.Count < keep) Fires.Add(fire);
        }
    }
}

/// <summary>A backtest could not start: compile errors, or a load failure (a Configure that threw).</summary>
public sealed class SignalBacktestException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="signal">The version.</param>
    /// <param name="diagnostics">The compile errors; empty for a load failure.</param>
    /// <param name="error">The load failure, or null for compile errors.</param>
    public SignalBacktestException(BacktestSignal signal, IReadOnlyList<SignalDiagnostic> diagnostics, string? error)
        : base(error ?? $"{signal?.Name} does not compile")
    {
        ArgumentNullException.ThrowIfNull(signal);
        Signal = signal;
        Diagnostics = diagnostics;
    }

    /// <summary>Not used: a backtest failure always names its signal.</summary>
    public SignalBacktestException() : this(new BacktestSignal("", "", ""), [], "backtest failed") { }

    /// <summary>Not used: a backtest failure always names its signal.</summary>
    /// <param name="message">The message.</param>
    public SignalBacktestException(string message) : this(new BacktestSignal("", "", ""), [], message) { }

    /// <summary>Not used: a backtest failure always names its signal.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public SignalBacktestException(string message, Exception innerException) : base(message, innerException)
    {
        Signal = new BacktestSignal("", "", "");
        Diagnostics = [];
    }

    /// <summary>The version that failed.</summary>
    public BacktestSignal Signal { get; }

    /// <summary>The compile errors; empty for a load failure.</summary>
    public IReadOnlyList<SignalDiagnostic> Diagnostics { get; }

    /// <summary>Whether the worker process could not be started (the version itself was not tried).</summary>
    public bool WorkerUnavailable { get; init; }
}
