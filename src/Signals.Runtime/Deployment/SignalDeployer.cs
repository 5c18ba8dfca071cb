using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Signals.Runtime.Compilation;
using Signals.Runtime.Evaluation;
using Signals.Runtime.Loading;
using Signals.Runtime.Worker;

namespace Signals.Runtime.Deployment;

/// <summary>
/// Makes the runtime run what a commit of the signals repository holds. For each signal whose
/// file changed: compile through the sandbox, load into a fresh context, then swap it into the
/// evaluator between two events with its new builders warmed on recent history. Any failure
/// (a compile error, a Configure that throws or loops) leaves the previous version running and
/// is reported with the commit and the reason; removed files are unloaded. Old versions'
/// contexts are unloaded once swapped out.
/// </summary>
public sealed partial class SignalDeployer
{
    private readonly SignalRepository _repository;
    private readonly SignalCompiler _compiler;
    private readonly SignalEvaluator _evaluator;
    private readonly Warmup? _warmup;
    private readonly Func<string, IReadOnlyDictionary<string, double>?> _parameters;
    private readonly SignalIsolationPolicy _isolation;
    private readonly IIsolatedSignals? _isolated;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly Dictionary<string, RunningVersion> _running = new(StringComparer.Ordinal);
    private readonly Dictionary<string, SignalDeploymentStatus> _statuses = new(StringComparer.Ordinal);

    /// <summary>Creates a deployer.</summary>
    /// <param name="repository">The signals repository.</param>
    /// <param name="compiler">The sandboxed compiler.</param>
    /// <param name="evaluator">The evaluator to swap versions into; its driver must keep applying pending changes.</param>
    /// <param name="warmup">Recent history for new versions' builders; null for none.</param>
    /// <param name="parameters">Parameter overrides per signal name; null for none.</param>
    /// <param name="logger">Where deployments are logged.</param>
    /// <param name="isolation">Which signals run in the worker process; null runs every signal in process.</param>
    /// <param name="isolated">The worker's side; required when <paramref name="isolation"/> is given.</param>
    public SignalDeployer(SignalRepository repository, SignalCompiler compiler, SignalEvaluator evaluator, Warmup? warmup = null,
        Func<string, IReadOnlyDictionary<string, double>?>? parameters = null, ILogger<SignalDeployer>? logger = null,
        SignalIsolationPolicy? isolation = null, IIsolatedSignals? isolated = null)
    {
        if (isolation is not null && isolated is null) throw new ArgumentException("an isolation policy needs the worker's side", nameof(isolated));
        _isolation = isolation ?? new SignalIsolationPolicy(CommittedInProcess: true);
        _isolated = isolated;
        ArgumentNullException.ThrowIfNull(repository);
        ArgumentNullException.ThrowIfNull(compiler);
        ArgumentNullException.ThrowIfNull(evaluator);
        _repository = repository;
        _compiler = compiler;
        _evaluator = evaluator;
        _warmup = warmup;
        _parameters = parameters ?? (_ => null);
        _logger = logger ?? (ILogger)NullLogger.Instance;
    }

    /// <summary>The commit last deployed, or null.</summary>
    public string? Commit { get; private set; }

    /// <summary>Raised after each deployment, on the deploying thread.</summary>
    public event Action<DeploymentReport>? Deployed;

    /// <summary>Every signal the repository has had since start, with its deployment state. Safe from any thread.</summary>
    /// <returns>The statuses, by name.</returns>
    public IReadOnlyList<SignalDeploymentStatus> Statuses()
    {
        lock (_statuses) return [.. _statuses.Values.OrderBy(s => s.Name, StringComparer.Ordinal)];
    }

    /// <summary>Deploys <paramref name="commit"/>: changed signals are swapped in, removed ones unloaded. One deployment at a time.</summary>
    /// <param name="commit">The commit to run.</param>
    /// <param name="cancellationToken">Stops waiting for the evaluator.</param>
    /// <returns>What was done.</returns>
    public async Task<DeploymentReport> DeployAsync(string commit, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(commit);
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var started = Stopwatch.GetTimestamp();
            var files = _repository.List(commit);
            var loaded = new List<string>();
            var failed = new List<(string, string)>();
            foreach (var file in files)
            {
                if (_running.TryGetValue(file.Name, out var current) && current.BlobId == file.BlobId) continue;
                var error = await DeployOneAsync(commit, file, cancellationToken).ConfigureAwait(false);
                if (error is null) loaded.Add(file.Name);
                else failed.Add((file.Name, error));
            }
            var unloaded = new List<string>();
            foreach (var name in _running.Keys.Except(files.Select(f => f.Name), StringComparer.Ordinal).ToList())
            {
                _running.Remove(name, out var gone);
                await UnloadAsync(name, gone!, cancellationToken).ConfigureAwait(false);
                SetStatus(new SignalDeploymentStatus(name, DeploymentState.Removed, null, null, null, null, null, null));
                unloaded.Add(name);
                Log.Removed(_logger, name, commit);
            }
            Commit = commit;
            var report = new DeploymentReport(commit, loaded, unloaded, failed, Stopwatch.GetElapsedTime(started));
            Deployed?.Invoke(report);
            return report;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Compiles, loads and swaps in one signal file; returns why not, or null.</summary>
    private async Task<string?> DeployOneAsync(string commit, SignalFile file, CancellationToken cancellationToken)
    {
        var source = _repository.ReadSource(commit, file.Name);
        if (source is null) return Fail(file.Name, commit, "the file vanished between listing and reading");
        var compiled = _compiler.Compile(file.Path, source);
        if (!compiled.Success)
        {
            return Fail(file.Name, commit, "compile: " + string.Join("; ", compiled.Errors.Take(5).Select(d => $"{d.File}:{d.Line}:{d.Column}: {d.Message}")));
        }
        var identity = new SignalIdentity(file.Name, commit, compiled.SourceHash);
        var agentWritten = _repository.History(file.Name, 1) is [var last, ..] && SignalAuthor.IsAgent(last.Author);
        var isolation = _isolated is null ? SignalIsolation.InProcess : _isolation.For(identity, agentWritten);
        _running.TryGetValue(file.Name, out var old);
        RunningVersion next;
        if (isolation == SignalIsolation.Worker)
        {
            var result = await _isolated!.ReplaceIsolatedAsync(new WorkerSignal(identity, compiled, _parameters(file.Name))).WaitAsync(cancellationToken).ConfigureAwait(false);
            if (!result.Loaded) return Fail(file.Name, commit, result.Error ?? "refused by the worker");
            next = new RunningVersion(null, file.BlobId, SignalIsolation.Worker);
        }
        else
        {
            LoadedSignal version;
            try
            {
                version = LoadedSignal.Load(compiled, identity);
            }
            catch (Exception e) when (e is InvalidOperationException or BadImageFormatException or FileLoadException)
            {
                return Fail(file.Name, commit, "load: " + e.Message);
            }
            var definition = version.Definition(_parameters(file.Name));
            var result = _warmup is null
                ? await _evaluator.RequestReplace(file.Name, definition).WaitAsync(cancellationToken).ConfigureAwait(false)
                : await _evaluator.RequestReplace(file.Name, definition, _warmup).WaitAsync(cancellationToken).ConfigureAwait(false);
            if (!result.Loaded)
            {
                version.Unload();
                return Fail(file.Name, commit, result.Error ?? "refused by the evaluator");
            }
            next = new RunningVersion(version, file.BlobId, SignalIsolation.InProcess);
        }
        // A version that moved between the worker and the process leaves its old place now.
        if (old is not null && old.Isolation != next.Isolation) await UnloadAsync(file.Name, old, cancellationToken).ConfigureAwait(false);
        else old?.Signal?.Unload();
        _running[file.Name] = next;
        SetStatus(new SignalDeploymentStatus(file.Name, DeploymentState.Running, commit, compiled.SourceHash, DateTimeOffset.UtcNow, null, null, isolation));
        Log.Deployed(_logger, file.Name, commit, isolation, compiled.FromCache);
        return null;
    }

    private async Task UnloadAsync(string name, RunningVersion version, CancellationToken cancellationToken)
    {
        if (version.Isolation == SignalIsolation.Worker)
        {
            await _isolated!.UnloadIsolatedAsync(name).WaitAsync(cancellationToken).ConfigureAwait(false);
            return;
        }
        await _evaluator.RequestUnload(name).WaitAsync(cancellationToken).ConfigureAwait(false);
        version.Signal!.Unload();
    }

    private string Fail(string name, string commit, string error)
    {
        SignalDeploymentStatus? before;
        lock (_statuses) _statuses.TryGetValue(name, out before);
        // The previous version keeps running: its commit stays, the failure is added beside it.
        var keeps = _running.ContainsKey(name) && before is not null;
        SetStatus(new SignalDeploymentStatus(name, DeploymentState.Broken, keeps ? before!.Commit : null, keeps ? before!.SourceHash : null,
            keeps ? before!.DeployedAt : null, commit, error, keeps ? before!.Isolation : null));
        Log.Refused(_logger, name, commit, error);
        return error;
    }

    private void SetStatus(SignalDeploymentStatus status)
    {
        lock (_statuses) _statuses[status.Name] = status;
    }

    /// <summary>What runs: the in-process version's context (null in the worker), its blob, and where.</summary>
    private sealed record RunningVersion(LoadedSignal? Signal, string BlobId, SignalIsolation Isolation);

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Information, "Signal {Signal} deployed from {Commit} to {Isolation} (compile cache hit: {Cached})")]
        public static partial void Deployed(ILogger logger, string signal, string commit, SignalIsolation isolation, bool cached);

        [LoggerMessage(2, LogLevel.Warning, "Signal {Signal} at {Commit} was not deployed; the previous version keeps running: {Error}")]
        public static partial void Refused(ILogger logger, string signal, string commit, string error);

        [LoggerMessage(3, LogLevel.Information, "Signal {Signal} removed at {Commit}")]
        public static partial void Removed(ILogger logger, string signal, string commit);
    }
}
