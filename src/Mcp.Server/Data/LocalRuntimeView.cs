using Microsoft.Extensions.DependencyInjection;
using Signals.Runtime.Hosting;

namespace Mcp.Server.Data;

/// <summary>The co-located runtime: a <see cref="SignalRuntimeHost"/> registered in this process's services, when there is one.</summary>
/// <param name="services">The services, asked lazily: the runtime may be registered after the server.</param>
public sealed class LocalRuntimeView(IServiceProvider services) : ISignalRuntimeView
{
    private SignalRuntimeHost? Host => services.GetService<SignalRuntimeHost>();

    /// <inheritdoc/>
    public bool Available => Host?.Deployer is not null;

    /// <inheritdoc/>
    public string Describe => Host switch
    {
        null => "no signal runtime runs in this process (live state is unknown here; fires are read from the signal journal)",
        { Deployer: null } => "the signal runtime in this process has not started yet",
        _ => "in-process",
    };

    /// <inheritdoc/>
    public IReadOnlyList<RuntimeSignalStatus> All() => Host is { } host ? host.Status() : [];

    /// <inheritdoc/>
    public RuntimeSignalStatus? Get(string name) => All().FirstOrDefault(s => s.Deployment.Name == name);
}
