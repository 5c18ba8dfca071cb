namespace Signals.Runtime.Evaluation;

/// <summary>Where a loaded signal stands.</summary>
public enum SignalState
{
    /// <summary>Receiving events.</summary>
    Running,

    /// <summary>Stopped after repeated failures; receives nothing until reloaded.</summary>
    Quarantined,

    /// <summary>Unloaded or replaced by a newer version.</summary>
    Unloaded,
}

/// <summary>A snapshot of one signal's counters, safe to take from any thread (values may be an event stale).</summary>
/// <param name="Identity">Name, commit and source hash.</param>
/// <param name="State">Running, quarantined or unloaded.</param>
/// <param name="Events">Events (timer ticks included) in which a handler of the signal was called.</param>
/// <param name="Fires">Fires passed to the sink.</param>
/// <param name="DroppedFires">Fires over the per-minute limit, dropped.</param>
/// <param name="Errors">Failed handler calls: exceptions, exhausted budgets, invalid fires.</param>
/// <param name="LastError">The latest failure's text, or null.</param>
/// <param name="QuarantineReason">Why it was quarantined, or null.</param>
/// <param name="TimeSpent">Time in the signal's handlers, estimated from sampled events.</param>
/// <param name="SuppressedLogLines">Log lines over the per-minute limit.</param>
/// <param name="SkippedTimerPeriods">Timer boundaries coalesced into a later one because no event arrived between them.</param>
public sealed record SignalStatus(
    SignalIdentity Identity, SignalState State, long Events, long Fires, long DroppedFires, long Errors, string? LastError,
    string? QuarantineReason, TimeSpan TimeSpent, long SuppressedLogLines, long SkippedTimerPeriods)
{
    /// <summary>The signal's name.</summary>
    public string Name => Identity.Name;

    /// <summary>The commit it was loaded from.</summary>
    public string Commit => Identity.Commit;
}

/// <summary>The outcome of a load or replace.</summary>
/// <param name="Name">The signal's name.</param>
/// <param name="Loaded">Whether the new version is now loaded.</param>
/// <param name="Error">Why it was not, or null; after a failed replace the previous version keeps running.</param>
public sealed record SignalLoadResult(string Name, bool Loaded, string? Error)
{
    /// <summary>A successful load.</summary>
    /// <param name="name">The signal's name.</param>
    /// <returns>The result.</returns>
    public static SignalLoadResult Ok(string name) => new(name, true, null);

    /// <summary>A failed load.</summary>
    /// <param name="name">The signal's name.</param>
    /// <param name="error">Why.</param>
    /// <returns>The result.</returns>
    public static SignalLoadResult Failed(string name, string error) => new(name, false, error);
}
