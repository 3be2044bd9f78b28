using Microsoft.Extensions.DependencyInjection;
using ObjectQL.AspNetCore.Hosting;

namespace ObjectQL.AspNetCore;

/// <summary>
/// What <c>services.AddObjectQL(...)</c> returns: the place where packages that extend the hosted database (the sync
/// server, for example) add their plugins and services, so every setup step runs once, before the host opens the database.
/// </summary>
public sealed class ObjectQLServiceBuilder
{
    internal ObjectQLServiceBuilder(IServiceCollection services) => Services = services;

    /// <summary>The application's service collection.</summary>
    public IServiceCollection Services { get; }

    /// <summary>
    /// Adds a step that shapes the database before it opens (driver, models, plugins, options). Steps run in the order
    /// they were added, with the application's services at hand.
    /// </summary>
    public ObjectQLServiceBuilder ConfigureDatabase(Action<IServiceProvider, ObjectQLDatabaseBuilder> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        Services.Configure<ObjectQLHostOptions>(options => options.DatabaseSetup.Add(configure));
        return this;
    }

    /// <summary>
    /// Registers the health check of the hosted database (open, and a trivial read answers) under
    /// <paramref name="name"/>; the same as <c>services.AddHealthChecks().AddObjectQL(name, tags: tags)</c>.
    /// </summary>
    public ObjectQLServiceBuilder AddHealthCheck(string name = "objectql", params IEnumerable<string> tags)
    {
        Services.AddHealthChecks().AddObjectQL(name, tags: tags);
        return this;
    }
}
