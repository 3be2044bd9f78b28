using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
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
    /// Logs every call the pipeline makes to the driver at Debug, category <c>ObjectQL.Driver</c>: operation, object, the
    /// query with its values written as <c>?</c> unless <see cref="ObjectQLLoggingOptions.IncludeValues"/>, rows and
    /// time. Call it after the step that chooses the driver (<c>UseSqlite</c>, <c>UsePostgres</c>): it wraps that driver.
    /// </summary>
    public ObjectQLServiceBuilder AddDriverLogging(Action<ObjectQLLoggingOptions>? configure = null)
    {
        var options = new ObjectQLLoggingOptions();
        configure?.Invoke(options);
        return ConfigureDatabase((services, builder) =>
        {
            var driver = builder.Driver ?? throw ObjectQLException.InvalidRequest(
                "AddDriverLogging wraps the driver, so it must come after the step that sets it (UseSqlite, UsePostgres, UseDriver).", null, "missing_driver");
            var logger = services.GetService<ILoggerFactory>()?.CreateLogger(LoggingDriver.Category) ?? NullLogger.Instance;
            builder.UseDriver(new LoggingDriver(driver, logger, options));
        });
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
