using Signals.Runtime.Hosting;

namespace Mcp.Server.Data;

/// <summary>
/// What the signal tools know of the runtime. Co-located (<see cref="LocalRuntimeView"/>) it is the
/// <c>SignalRuntimeHost</c> in this process; otherwise a runtime answering over the bus on
/// <c>{env}.svc.signals.status</c> (<see cref="BusRuntimeView"/>).
/// </summary>
public interface ISignalRuntimeView
{
    /// <summary>Whether a runtime is visible (started) from here.</summary>
    bool Available { get; }

    /// <summary>Where the runtime is, for results: <c>in-process</c>, or why none is visible.</summary>
    string Describe { get; }

    /// <summary>Every signal the runtime knows, by name.</summary>
    /// <returns>The signals; empty when no runtime is visible.</returns>
    IReadOnlyList<RuntimeSignalStatus> All();

    /// <summary>One signal, or null when the runtime does not know it.</summary>
    /// <param name="name">The signal's name.</param>
    /// <returns>Its state.</returns>
    RuntimeSignalStatus? Get(string name);
}
