using System.Text.Json;
using Market.Core.Bus;
using Signals.Runtime.Hosting;

namespace Mcp.Server.Data;

/// <summary>
/// A signal runtime in another process, asked over the bus (<c>{env}.svc.signals.status</c>,
/// answered by <see cref="RuntimeStatusService"/>). One answer is reused for a second, so a burst of
/// tool calls asks once; no answer means no runtime is visible.
/// </summary>
/// <param name="bus">The bus the runtime answers on.</param>
/// <param name="environment">The environment token.</param>
/// <param name="timeout">How long to wait for an answer.</param>
public sealed class BusRuntimeView(IBus bus, string environment, TimeSpan? timeout = null) : ISignalRuntimeView
{
    private static readonly TimeSpan Fresh = TimeSpan.FromSeconds(1);
    private readonly Lock _gate = new();
    private (DateTimeOffset At, IReadOnlyList<RuntimeSignalStatus>? Signals, string Describe)? _last;

    /// <inheritdoc/>
    public bool Available => Ask().Signals is not null;

    /// <inheritdoc/>
    public string Describe => Ask().Describe;

    /// <inheritdoc/>
    public IReadOnlyList<RuntimeSignalStatus> All() => Ask().Signals ?? [];

    /// <inheritdoc/>
    public RuntimeSignalStatus? Get(string name) => All().FirstOrDefault(s => s.Deployment.Name == name);

    private (DateTimeOffset At, IReadOnlyList<RuntimeSignalStatus>? Signals, string Describe) Ask()
    {
        lock (_gate)
        {
            if (_last is { } last && DateTimeOffset.UtcNow - last.At < Fresh) return last;
        }
        var subject = RuntimeStatusService.Subject(environment);
        (DateTimeOffset, IReadOnlyList<RuntimeSignalStatus>?, string) answer;
        try
        {
            var reply = bus.RequestAsync(subject, ReadOnlyMemory<byte>.Empty, timeout ?? TimeSpan.FromSeconds(2)).GetAwaiter().GetResult();
            var signals = JsonSerializer.Deserialize<RuntimeSignalStatus[]>(reply.Payload.Span, RuntimeStatusService.Json) ?? [];
            answer = (DateTimeOffset.UtcNow, signals, $"remote: the runtime answering on {subject}");
        }
        catch (Exception e) when (e is NoRespondersException or TimeoutException or JsonException)
        {
            answer = (DateTimeOffset.UtcNow, null, $"no signal runtime answered on {subject} ({e.GetType().Name}); fires are read from the signal journal");
        }
        lock (_gate) _last = answer;
        return answer;
    }
}

/// <summary>
/// The runtime the tools see: the <see cref="SignalRuntimeHost"/> in this process when there is one,
/// otherwise one answering over the bus when a bus is registered.
/// </summary>
/// <param name="local">The co-located view.</param>
/// <param name="remote">The bus view, or null without a bus.</param>
public sealed class RuntimeViewSelector(LocalRuntimeView local, BusRuntimeView? remote) : ISignalRuntimeView
{
    private ISignalRuntimeView Current => local.Available || remote is null ? local : remote;

    /// <inheritdoc/>
    public bool Available => Current.Available;

    /// <inheritdoc/>
    public string Describe => Current.Describe;

    /// <inheritdoc/>
    public IReadOnlyList<RuntimeSignalStatus> All() => Current.All();

    /// <inheritdoc/>
    public RuntimeSignalStatus? Get(string name) => Current.Get(name);
}
