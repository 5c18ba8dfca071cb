using System.Text.Json.Nodes;
using Mcp.Server.Status;
using Signals.Runtime.Deployment;
using Signals.Runtime.Evaluation;
using Signals.Runtime.Hosting;

namespace Deepwater.Cli.Mcp;

/// <summary>
/// The <c>runtime</c> section of <c>system_status</c> when <c>deepwater run</c> hosts the signal
/// runtime: counts and each signal's state, or why signals are off. Glue over
/// <see cref="SignalRuntimeHost.Status"/>; a richer section may replace it under the same name.
/// </summary>
internal sealed class RuntimeStatusSection(SignalRuntimeHost? runtime, string signalsDirectory, string? offReason) : IStatusSection
{
    /// <summary>Signals listed at most: the section stays small whatever the repository holds.</summary>
    public const int MaxSignals = 50;

    private const int MaxErrorChars = 200;

    public string Name => "runtime";

    public JsonNode Read()
    {
        if (runtime is null)
        {
            return new JsonObject
            {
                ["state"] = "off",
                ["signals_directory"] = signalsDirectory,
                ["reason"] = offReason,
                ["hint"] = "restart deepwater run with --signals DIR of a git repository, or --init to create one",
            };
        }
        var status = runtime.Status();
        var signals = new JsonArray([.. status.Take(MaxSignals).Select(s => (JsonNode)Signal(s.Deployment, s.Evaluation))]);
        return new JsonObject
        {
            ["state"] = "running",
            ["signals_directory"] = runtime.Repository?.Directory ?? signalsDirectory,
            ["running"] = status.Count(s => s.Deployment.State == DeploymentState.Running && s.Evaluation?.State == SignalState.Running),
            ["broken"] = status.Count(s => s.Deployment.State == DeploymentState.Broken),
            ["quarantined"] = status.Count(s => s.Evaluation?.State == SignalState.Quarantined),
            ["events"] = runtime.Evaluator?.EventsProcessed ?? 0,
            ["fires"] = runtime.Evaluator?.FiresEmitted ?? 0,
            ["signals"] = signals,
            ["signals_truncated"] = status.Count > MaxSignals,
        };
    }

    private static JsonObject Signal(SignalDeploymentStatus deployment, SignalStatus? evaluation) => new()
    {
        ["name"] = deployment.Name,
        ["deployment"] = deployment.State.ToString().ToLowerInvariant(),
        ["commit"] = deployment.Commit is { } c ? c[..Math.Min(12, c.Length)] : null,
        ["state"] = evaluation?.State.ToString().ToLowerInvariant(),
        ["events"] = evaluation?.Events,
        ["fires"] = evaluation?.Fires,
        ["errors"] = evaluation?.Errors,
        ["problem"] = Cut(evaluation?.QuarantineReason ?? deployment.Error ?? evaluation?.LastError),
    };

    private static string? Cut(string? text) => text is null || text.Length <= MaxErrorChars ? text : text[..MaxErrorChars] + "…";
}
