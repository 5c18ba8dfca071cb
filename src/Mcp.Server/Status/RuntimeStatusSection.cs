using System.Text.Json.Nodes;
using Mcp.Server.Data;
using Signals.Runtime.Deployment;
using Signals.Runtime.Evaluation;

namespace Mcp.Server.Status;

/// <summary>
/// The <c>runtime</c> section of <c>system_status</c>: signals running, quarantined and broken,
/// with the latest errors, from the runtime the server can see (<see cref="ISignalRuntimeView"/>).
/// </summary>
/// <param name="runtime">The runtime view.</param>
public sealed class RuntimeStatusSection(ISignalRuntimeView runtime) : IStatusSection
{
    private const int MaxErrors = 5;

    /// <inheritdoc/>
    public string Name => "runtime";

    /// <inheritdoc/>
    public JsonNode Read()
    {
        if (!runtime.Available) return new JsonObject { ["available"] = false, ["note"] = runtime.Describe };
        var all = runtime.All();
        var quarantined = all.Where(s => s.Evaluation?.State == SignalState.Quarantined).ToList();
        var broken = all.Where(s => s.Deployment.State == DeploymentState.Broken).ToList();
        var errors = all
            .Select(s => (s.Deployment.Name, Error: s.Evaluation?.QuarantineReason ?? s.Deployment.Error ?? s.Evaluation?.LastError))
            .Where(e => e.Error is not null)
            .Take(MaxErrors)
            .Select(e => (JsonNode)new JsonObject { ["signal"] = e.Name, ["error"] = Clip(e.Error!) });
        return new JsonObject
        {
            ["available"] = true,
            ["where"] = runtime.Describe,
            ["loaded"] = all.Count(s => s.Evaluation?.State == SignalState.Running),
            ["quarantined"] = quarantined.Count,
            ["broken"] = broken.Count,
            ["removed"] = all.Count(s => s.Deployment.State == DeploymentState.Removed),
            ["fires"] = all.Sum(s => s.Evaluation?.Fires ?? 0),
            ["last_errors"] = new JsonArray([.. errors]),
        };
    }

    private static string Clip(string s) => s.Length <= 300 ? s : s[..300] + "…";
}
