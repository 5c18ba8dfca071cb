using Signals.Library;
using Signals.Library.Sandbox;

namespace Signals.Runtime.Evaluation;

/// <summary>
/// What the evaluator loads: a signal version's identity, a factory for its instance, parameter
/// overrides, and the fuel meter its compiled code charges. The compiler's loader builds these for
/// compiled signals; tests and plugins build them for precompiled ones.
/// </summary>
/// <param name="Identity">Name, commit and source hash, stamped on every fire.</param>
/// <param name="Factory">Creates the signal instance; called once per load, under the load budget.</param>
/// <param name="Parameters">Parameter values replacing declared defaults, by name; null for none.</param>
/// <param name="Meter">
/// The meter the signal's rewritten code charges, refilled before every call; null for a trusted,
/// precompiled signal, which then runs unmetered and cannot be stopped by fuel or the watchdog.
/// </param>
public sealed record SignalDefinition(
    SignalIdentity Identity, Func<Signal> Factory, IReadOnlyDictionary<string, double>? Parameters = null, FuelMeter? Meter = null)
{
    /// <summary>The signal's name.</summary>
    public string Name => Identity.Name;

    /// <summary>
    /// An opaque number passed to the evaluator's <see cref="ISignalCallObserver"/> around this
    /// signal's calls (the worker's crash-attribution index); -1 when unused.
    /// </summary>
    public int Tag { get; init; } = -1;
}
