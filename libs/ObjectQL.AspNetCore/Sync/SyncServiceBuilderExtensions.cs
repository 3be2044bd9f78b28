using ObjectQL.AspNetCore;
using ObjectQL.AspNetCore.Sync;
using ObjectQL.Sync.Server;
using ObjectQL.Sync.Server.Configuration;
using ObjectQL.Sync.Server.Handling;

// Registration extensions live in the namespace ASP.NET Core users already import for AddXxx calls.
namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Adds the sync server to a hosted ObjectQL database.</summary>
public static class SyncServiceBuilderExtensions
{
    /// <summary>
    /// Adds the sync server with fixed <paramref name="options"/>; see <see cref="AddSyncServer(ObjectQLServiceBuilder, Func{IServiceProvider, SyncServerOptions})"/>.
    /// </summary>
    public static ObjectQLServiceBuilder AddSyncServer(this ObjectQLServiceBuilder builder, SyncServerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return builder.AddSyncServer(_ => options);
    }

    /// <summary>
    /// Adds the sync server to the database <c>AddObjectQL</c> registers: its plugin (change log, in the data's own
    /// transactions), the <see cref="SyncServer"/> created once the database opens (also resolvable as
    /// <see cref="ISyncRequestHandler"/>), its <see cref="SyncEndpointConfig"/> for <c>MapObjectQLSync()</c>, and a
    /// background service that prunes the change log on the schedule of <see cref="SyncRetentionOptions"/>.
    /// <paramref name="options"/> is called once, with the application's services at hand (read the checkpoint keys from
    /// the secret store there); every instance over one database needs the same options.
    /// </summary>
    public static ObjectQLServiceBuilder AddSyncServer(this ObjectQLServiceBuilder builder, Func<IServiceProvider, SyncServerOptions> options)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(options);
        var services = builder.Services;
        if (services.Any(s => s.ServiceType == typeof(SyncServerHost)))
        {
            throw new InvalidOperationException("AddSyncServer was called twice: a database has one sync server.");
        }
        services.AddSingleton(provider => (options(provider) ?? throw new InvalidOperationException("The AddSyncServer options callback returned null.")).Validate());
        services.AddSingleton(provider => provider.GetRequiredService<SyncServerOptions>().Endpoint);
        builder.ConfigureDatabase((provider, database) => database.AddPlugin(new SyncServerPlugin(provider.GetRequiredService<SyncServerOptions>())));
        services.AddSingleton<SyncServerHost>();
        services.AddHostedService(provider => provider.GetRequiredService<SyncServerHost>());
        services.AddSingleton(provider => provider.GetRequiredService<SyncServerHost>().Server);
        services.AddSingleton<ISyncRequestHandler>(provider => provider.GetRequiredService<SyncServer>());
        services.AddOptions<SyncRetentionOptions>();
        services.AddHostedService<SyncRetentionService>();
        return builder;
    }
}
