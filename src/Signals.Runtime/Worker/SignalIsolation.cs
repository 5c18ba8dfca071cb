using Signals.Runtime.Evaluation;

namespace Signals.Runtime.Worker;

/// <summary>Where a signal version runs.</summary>
public enum SignalIsolation
{
    /// <summary>In the worker process: a stack overflow, FailFast or out-of-memory kills only the worker.</summary>
    Worker,

    /// <summary>In the host's own <see cref="SignalEvaluator"/>: faster to reach, but such a crash takes the host down.</summary>
    InProcess,
}

/// <summary>
/// Sandbox layer 7's placement rule: drafts (no commit) and agent-written signals always run in the
/// worker; committed, human-reviewed signals run in process only when <see cref="CommittedInProcess"/> is set.
/// </summary>
/// <param name="CommittedInProcess">Whether committed signals not written by an agent may run in process.</param>
public sealed record SignalIsolationPolicy(bool CommittedInProcess = false)
{
    /// <summary>Where <paramref name="identity"/> runs.</summary>
    /// <param name="identity">The version.</param>
    /// <param name="agentWritten">Whether an agent (an LLM) wrote or last changed it.</param>
    /// <returns>The isolation.</returns>
    public SignalIsolation For(SignalIdentity identity, bool agentWritten)
    {
        ArgumentNullException.ThrowIfNull(identity);
        var draft = string.IsNullOrEmpty(identity.Commit);
        return CommittedInProcess && !draft && !agentWritten ? SignalIsolation.InProcess : SignalIsolation.Worker;
    }
}
