using Signals.Runtime.Evaluation;
using Signals.Runtime.Worker;

namespace Signals.Runtime.Deployment;

/// <summary>Where the deployer puts signals that run isolated in the worker process (sandbox layer 7).</summary>
public interface IIsolatedSignals
{
    /// <summary>Loads or replaces a signal in the worker, between two batches.</summary>
    /// <param name="signal">The compiled version.</param>
    /// <returns>Whether it loaded, and why not.</returns>
    Task<SignalLoadResult> ReplaceIsolatedAsync(WorkerSignal signal);

    /// <summary>Unloads a signal from the worker.</summary>
    /// <param name="name">The signal's name.</param>
    /// <returns>Its final status, or null when it was not there.</returns>
    Task<SignalStatus?> UnloadIsolatedAsync(string name);
}
