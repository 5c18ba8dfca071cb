namespace Signals.Runtime.Deployment;

/// <summary>Where a signal of the repository stands in the runtime.</summary>
public enum DeploymentState
{
    /// <summary>The committed version runs.</summary>
    Running,

    /// <summary>The latest commit of it could not be deployed; the previous version (if any) still runs.</summary>
    Broken,

    /// <summary>Removed from the repository and unloaded.</summary>
    Removed,
}

/// <summary>A signal's deployment: what runs, and what the latest commit of it did.</summary>
/// <param name="Name">The signal's name.</param>
/// <param name="State">Running, broken or removed.</param>
/// <param name="Commit">The commit of the version that runs, or null when none does.</param>
/// <param name="SourceHash">SHA-256 of the running version's source, hex.</param>
/// <param name="DeployedAt">When the running version was swapped in.</param>
/// <param name="FailedCommit">The latest commit that could not be deployed, or null.</param>
/// <param name="Error">Why it could not, with file, line and column for compile errors.</param>
/// <param name="Isolation">Where the running version runs: in process or in the worker; null when none runs.</param>
public sealed record SignalDeploymentStatus(
    string Name, DeploymentState State, string? Commit, string? SourceHash, DateTimeOffset? DeployedAt, string? FailedCommit, string? Error,
    Worker.SignalIsolation? Isolation = null);

/// <summary>What one deployment of a commit did.</summary>
/// <param name="Commit">The commit deployed.</param>
/// <param name="Loaded">Signals loaded or replaced.</param>
/// <param name="Unloaded">Signals removed.</param>
/// <param name="Failed">Signals whose new version was refused, with the reason.</param>
/// <param name="Elapsed">How long it took, from the commit being seen to the last swap.</param>
public sealed record DeploymentReport(string Commit, IReadOnlyList<string> Loaded, IReadOnlyList<string> Unloaded, IReadOnlyList<(string Name, string Error)> Failed, TimeSpan Elapsed);
