using Market.Core.Bus;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Market.Core.Hosting;

/// <summary>Registers the market core (every feed's recorder, connector and publisher) in a host.</summary>
public static class MarketCoreServiceCollectionExtensions
{
    /// <summary>
    /// Adds one <see cref="FeedHostedService"/> per feed (the environment's, or the given feed files),
    /// a <see cref="FeedStatusBoard"/>, the <see cref="MarketCoreOptions"/>, and an
    /// <see cref="InProcessBus"/> as <see cref="IBus"/> unless a bus is registered already.
    /// The configuration is checked here, whole, so a host that cannot work is never built.
    /// </summary>
    /// <param name="services">The host's services.</param>
    /// <param name="configure">Sets the options.</param>
    /// <returns><paramref name="services"/>.</returns>
    /// <exception cref="MarketCoreConfigurationException">The configuration cannot work; every problem is listed with its file and line.</exception>
    public static IServiceCollection AddMarketCore(this IServiceCollection services, Action<MarketCoreOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);
        var options = new MarketCoreOptions();
        configure(options);
        if (string.IsNullOrWhiteSpace(options.DataDirectory)) throw new MarketCoreConfigurationException("the market core needs a data directory");
        if (string.IsNullOrWhiteSpace(options.Environment) || options.Environment.IndexOfAny(['/', '\\', '.']) >= 0)
        {
            throw new MarketCoreConfigurationException($"'{options.Environment}' is not an environment name (no dots or slashes: it is a folder and a subject token)");
        }
        var feeds = MarketCoreFeeds.Resolve(options);
        services.AddSingleton(options);
        services.TryAddSingleton<IBus, InProcessBus>();
        services.TryAddSingleton<FeedStatusBoard>();
        foreach (var feed in feeds)
        {
            services.AddSingleton<IHostedService>(sp => new FeedHostedService(feed, options, sp.GetRequiredService<IBus>(), sp.GetRequiredService<FeedStatusBoard>(),
                sp.GetRequiredService<ILogger<FeedHostedService>>()));
        }
        return services;
    }
}
