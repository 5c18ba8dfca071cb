using Signals.Runtime.Compilation;
using Signals.Runtime.Evaluation;

namespace Signals.Runtime.Worker;

/// <summary>
/// A signal version for the worker: the compiler's result (its PE image is what the worker loads)
/// and who the version is. The host keeps it to load the version again into a restarted worker.
/// </summary>
/// <param name="Identity">Name, commit and source hash, stamped on every fire.</param>
/// <param name="Compiled">A successful result of <see cref="SignalCompiler.Compile"/>.</param>
/// <param name="Parameters">Parameter values replacing declared defaults, by name; null for none.</param>
public sealed record WorkerSignal(SignalIdentity Identity, SignalCompileResult Compiled, IReadOnlyDictionary<string, double>? Parameters = null)
{
    /// <summary>The signal's name.</summary>
    public string Name => Identity.Name;
}
