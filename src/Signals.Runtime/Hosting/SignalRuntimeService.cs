using Market.Core.Bus;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Signals.Runtime.Hosting;

/// <summary>Runs a <see cref="SignalRuntimeHost"/> for the lifetime of a host.</summary>
/// <param name="runtime">The runtime.</param>
public sealed class SignalRuntimeService(SignalRuntimeHost runtime) : IHostedService
{
    /// <inheritdoc/>
    public Task StartAsync(CancellationToken cancellationToken) => runtime.StartAsync(cancellationToken);

    /// <inheritdoc/>
    public async Task StopAsync(CancellationToken cancellationToken) => await runtime.DisposeAsync().ConfigureAwait(false);
}

/// <summary>Registers the signal runtime in a host.</summary>
public static class SignalsRuntimeServiceCollectionExtensions
{
    /// <summary>
    /// Adds the <see cref="SignalRuntimeHost"/> (a singleton others can read status from) and the
    /// service that runs it; fires are published on the registered <see cref="IBus"/>, if any.
    /// </summary>
    /// <param name="services">The host's services.</param>
    /// <param name="configure">Changes the default options.</param>
    /// <returns><paramref name="services"/>.</returns>
    public static IServiceCollection AddSignalsRuntime(this IServiceCollection services, Func<SignalRuntimeOptions, SignalRuntimeOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);
        var options = configure(new SignalRuntimeOptions()).Validate();
        services.TryAddSingleton(options);
        services.TryAddSingleton(sp => new SignalRuntimeHost(options, sp.GetService<IBus>(), sp.GetService<ILoggerFactory>()));
        services.AddHostedService<SignalRuntimeService>();
        return services;
    }
}
