using System.Text.Json;
using System.Text.Json.Serialization;
using Market.Core.Bus;
using Signals.Runtime.Deployment;
using Signals.Runtime.Evaluation;

namespace Signals.Runtime.Hosting;

/// <summary>
/// Answers <c>{env}.svc.signals.status</c> on the bus with the runtime's signals (deployment and
/// evaluator status each), so an MCP server or CLI in another process sees the live runtime. The
/// request's payload is ignored; the reply is the JSON of <see cref="RuntimeSignalStatus"/>[].
/// </summary>
public sealed class RuntimeStatusService : IAsyncDisposable
{
    /// <summary>The queue group responders join, so several runtimes answer once.</summary>
    public const string QueueGroup = "signals-runtime";

    /// <summary>How the reply is written and read.</summary>
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
    };

    private readonly BusResponder _responder;

    /// <summary>Starts answering.</summary>
    /// <param name="bus">The bus.</param>
    /// <param name="environment">The environment token.</param>
    /// <param name="status">The runtime's status, read per request.</param>
    public RuntimeStatusService(IBus bus, string environment, Func<IReadOnlyList<RuntimeSignalStatus>> status)
    {
        ArgumentNullException.ThrowIfNull(bus);
        ArgumentNullException.ThrowIfNull(status);
        _responder = new BusResponder(bus, Subject(environment), QueueGroup, _ => JsonSerializer.SerializeToUtf8Bytes(status(), Json));
    }

    /// <summary>The subject a runtime answers on.</summary>
    /// <param name="environment">The environment token.</param>
    /// <returns><c>{env}.svc.signals.status</c>.</returns>
    public static string Subject(string environment) => $"{environment}.svc.signals.status";

    /// <inheritdoc/>
    public ValueTask DisposeAsync() => _responder.DisposeAsync();
}

/// <summary>One signal in a status reply: its deployment and, when loaded, its evaluator status.</summary>
/// <param name="Deployment">What runs and what the latest commit of it did.</param>
/// <param name="Evaluation">Counters, quarantine and last error; null when not loaded.</param>
public sealed record RuntimeSignalStatus(SignalDeploymentStatus Deployment, SignalStatus? Evaluation);
