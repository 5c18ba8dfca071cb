using System.Globalization;
using Signals.Runtime.Deployment;
using Signals.Runtime.Evaluation;
using Signals.Runtime.Hosting;

namespace Deepwater.Cli.Signals;

/// <summary>The signal runtime at a glance, for the status views of <c>run</c> and <c>runtime</c>.</summary>
internal sealed record SignalsFigures(int Running, int Broken, int Quarantined, long Events, long Fires)
{
    public static SignalsFigures Of(SignalRuntimeHost runtime)
    {
        var status = runtime.Status();
        return new SignalsFigures(
            status.Count(s => s.Deployment.State == DeploymentState.Running && s.Evaluation?.State == SignalState.Running),
            status.Count(s => s.Deployment.State == DeploymentState.Broken),
            status.Count(s => s.Evaluation?.State == SignalState.Quarantined),
            runtime.Evaluator?.EventsProcessed ?? 0,
            runtime.Evaluator?.FiresEmitted ?? 0);
    }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"running={Running} broken={Broken} quarantined={Quarantined} events={Events} fires={Fires}");

    /// <summary>One line per deployment: what loaded, what was removed, what was refused and why.</summary>
    public static string Describe(DeploymentReport report)
    {
        var parts = new List<string>();
        if (report.Loaded.Count > 0) parts.Add($"loaded {string.Join(", ", report.Loaded)}");
        if (report.Unloaded.Count > 0) parts.Add($"removed {string.Join(", ", report.Unloaded)}");
        parts.AddRange(report.Failed.Select(f => $"refused {f.Name} ({f.Error})"));
        if (parts.Count == 0) parts.Add("nothing changed");
        return string.Create(CultureInfo.InvariantCulture, $"deepwater: deployed {report.Commit[..Math.Min(12, report.Commit.Length)]}: {string.Join("; ", parts)} in {report.Elapsed.TotalMilliseconds:F0} ms");
    }
}
