using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using ObjectQL;
using ObjectQL.AspNetCore;
using ObjectQL.AspNetCore.Hosting;
using ObjectQL.AspNetCore.Security;

// Registration extensions live in the namespace ASP.NET Core users already import for AddXxx calls.
namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers ObjectQL in an ASP.NET Core (or any generic) host.</summary>
public static class ObjectQLServiceCollectionExtensions
{
    /// <summary>
    /// Registers one <see cref="ObjectQLDatabase"/> for the application, shaped by <paramref name="configure"/> (driver,
    /// models, plugins, options), opened when the host starts and disposed when it stops:
    /// <c>services.AddObjectQL(db =&gt; db.UseSqlite("Data Source=app.db").AddModel(AppModel.Objects))</c>.
    /// </summary>
    public static ObjectQLServiceBuilder AddObjectQL(this IServiceCollection services, Action<ObjectQLDatabaseBuilder> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        return services.AddObjectQL((_, builder) => configure(builder));
    }

    /// <summary>
    /// Registers the database as <see cref="AddObjectQL(IServiceCollection, Action{ObjectQLDatabaseBuilder})"/> does, with
    /// the application's services at hand while it is shaped (configuration, options, other registrations).
    /// </summary>
    public static ObjectQLServiceBuilder AddObjectQL(this IServiceCollection services, Action<IServiceProvider, ObjectQLDatabaseBuilder> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);
        services.AddOptions();
        services.AddOptions<ObjectQLContextMapper>();
        services.TryAddSingleton<ObjectQLHost>();
        services.AddHostedService(provider => provider.GetRequiredService<ObjectQLHost>());
        services.TryAddSingleton(provider => provider.GetRequiredService<ObjectQLHost>().Database);
        return new ObjectQLServiceBuilder(services).ConfigureDatabase(configure);
    }
}
