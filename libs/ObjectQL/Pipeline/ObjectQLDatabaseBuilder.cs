using ObjectQL.Drivers;
using ObjectQL.Metadata;
using ObjectQL.Pipeline;

namespace ObjectQL;

/// <summary>
/// Opens a database from a driver, one or more models, options and plugins:
/// <c>await ObjectQLDatabase.CreateBuilder().UseDriver(driver).AddModel(AppModel.Objects).AddPlugin(plugin).OpenAsync()</c>.
/// The models and the plugins' system objects form the database's model; a name or table claimed twice is refused before
/// anything touches the store. The builder holds no hosting types: a host's registration wraps it, and provider packages
/// add <c>Use...</c> extensions that call <see cref="UseDriver"/>.
/// </summary>
public sealed class ObjectQLDatabaseBuilder
{
    private readonly List<ObjectModel> _models = [];
    private readonly List<IObjectQLPlugin> _plugins = [];

    /// <summary>The driver the database will own, or null until <see cref="UseDriver"/>.</summary>
    public IObjectQLDriver? Driver { get; private set; }

    /// <summary>The options the database opens with.</summary>
    public ObjectQLOptions Options { get; private set; } = new();

    /// <summary>The models added so far, in order.</summary>
    public IReadOnlyList<ObjectModel> Models => _models;

    /// <summary>The plugins added so far, in order.</summary>
    public IReadOnlyList<IObjectQLPlugin> Plugins => _plugins;

    /// <summary>Sets the driver; the opened database owns it and disposes it with itself.</summary>
    public ObjectQLDatabaseBuilder UseDriver(IObjectQLDriver driver)
    {
        Driver = driver ?? throw new ArgumentNullException(nameof(driver));
        return this;
    }

    /// <summary>Adds the objects of <paramref name="model"/> (for example a project's generated <c>AppModel.Objects</c>).</summary>
    public ObjectQLDatabaseBuilder AddModel(ObjectModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        _models.Add(model);
        return this;
    }

    /// <summary>Adds <paramref name="plugin"/>; plugins attach in the order they are added.</summary>
    public ObjectQLDatabaseBuilder AddPlugin(IObjectQLPlugin plugin)
    {
        ArgumentNullException.ThrowIfNull(plugin);
        _plugins.Add(plugin);
        return this;
    }

    /// <summary>Replaces the options.</summary>
    public ObjectQLDatabaseBuilder UseOptions(ObjectQLOptions options)
    {
        Options = options ?? throw new ArgumentNullException(nameof(options));
        return this;
    }

    /// <summary>Changes the options: <c>builder.ConfigureOptions(o =&gt; o with { TimeProvider = clock })</c>.</summary>
    public ObjectQLDatabaseBuilder ConfigureOptions(Func<ObjectQLOptions, ObjectQLOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        return UseOptions(configure(Options));
    }

    /// <summary>
    /// Composes the model (<see cref="ErrorCodes.InvalidRequest"/> naming both claimants for an object name or table
    /// claimed twice, a table the driver keeps for itself (<see cref="DriverCapabilities.InternalTablesOf"/>), a plugin
    /// object not marked <see cref="ObjectDefinition.IsSystem"/> or one with <c>sync</c> enabled, or two plugins of one
    /// name), then opens the database as
    /// <see cref="ObjectQLDatabase.OpenAsync(IObjectQLDriver, ObjectModel, ObjectQLOptions?, CancellationToken)"/> does
    /// and attaches the plugins (<see cref="IObjectQLPlugin.Attach"/>) before returning it.
    /// </summary>
    public Task<ObjectQLDatabase> OpenAsync(CancellationToken cancellationToken = default)
    {
        var driver = Driver ?? throw ObjectQLException.InvalidRequest("The database builder has no driver; call UseDriver first.", null, "missing_driver");
        var model = ModelComposition.Compose(_models, _plugins, driver);
        return ObjectQLDatabase.OpenCoreAsync(driver, model, Options, [.. _plugins], cancellationToken);
    }
}
