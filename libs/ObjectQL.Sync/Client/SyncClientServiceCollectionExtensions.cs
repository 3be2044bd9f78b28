using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ObjectQL.Sync.Client;
using ObjectQL.Sync.Client.Connectivity;
using ObjectQL.Sync.Client.Transport;

// Registration extensions live in the namespace users already import for AddXxx calls.
namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the sync client (<see cref="SyncClientPlugin"/>) with a service collection; no host package needed.</summary>
public static class SyncClientServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="SyncClientOptions"/> (configured by <paramref name="configure"/>), the <see cref="SyncClientPlugin"/>
    /// as a singleton and as an <see cref="ObjectQL.IObjectQLPlugin"/>, and an <see cref="ISyncTransport"/> (an
    /// <see cref="HttpSyncTransport"/> unless one is registered). The plugin takes an <see cref="IConnectivityMonitor"/>
    /// and an <see cref="ILoggerFactory"/> when they are registered. Add the plugin to the database builder, and after
    /// the database is open call <see cref="SyncClientPlugin.StartAsync"/>.
    /// </summary>
    public static IServiceCollection AddObjectQLSyncClient(this IServiceCollection services, Action<SyncClientOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);
        services.AddOptions<SyncClientOptions>().Configure(configure);
        services.TryAddSingleton<ISyncTransport>(sp =>
            new HttpSyncTransport(new HttpClient { Timeout = Timeout.InfiniteTimeSpan }, sp.GetRequiredService<IOptions<SyncClientOptions>>().Value));
        services.TryAddSingleton(sp => new SyncClientPlugin(
            sp.GetRequiredService<IOptions<SyncClientOptions>>().Value,
            sp.GetRequiredService<ISyncTransport>(),
            sp.GetService<IConnectivityMonitor>(),
            sp.GetService<ILoggerFactory>()));
        services.AddSingleton<ObjectQL.IObjectQLPlugin>(sp => sp.GetRequiredService<SyncClientPlugin>());
        return services;
    }
}
