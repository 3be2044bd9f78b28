using ObjectQL.Drivers;
using ObjectQL.Metadata;

namespace ObjectQL;

/// <summary>
/// A part that plugs into a database at open (<see cref="ObjectQLDatabaseBuilder.AddPlugin"/>): a sync server's change
/// log, a sync client's mutation log, an audit trail. It brings its own objects, which every driver stores and schema
/// sync creates with the models' objects, and registers its hooks and handlers before the database serves its first
/// call, so no write escapes it. Plugins know nothing of hosting; a host adds them to the builder it wraps.
/// </summary>
public interface IObjectQLPlugin
{
    /// <summary>A short name for messages, e.g. <c>sync-server</c>; unique among a database's plugins.</summary>
    string Name { get; }

    /// <summary>
    /// The plugin's own objects, each with <see cref="ObjectDefinition.IsSystem"/> set and without <c>sync</c>: reachable
    /// only through the system context (for example <see cref="BeforeCommitContext.Session"/>), never synced. Empty
    /// when the plugin stores nothing. A name or table that collides with any other object is refused at open.
    /// </summary>
    IReadOnlyList<ObjectDefinition> SystemObjects { get; }

    /// <summary>
    /// Called once per opened database, before the store is prepared (<see cref="IObjectQLDriver.InitializeAsync"/>):
    /// adjust the driver's optional capabilities here (a sync client's store keeps a partial replica, so it switches
    /// off <see cref="IForeignKeyDriver.ForeignKeys"/>). Nothing by default.
    /// </summary>
    void ConfigureDriver(IObjectQLDriver driver)
    {
    }

    /// <summary>
    /// Called once per opened database, after the store is prepared and before <see cref="ObjectQLDatabaseBuilder.OpenAsync"/>
    /// returns it, in the order the plugins were added: register hooks (<see cref="ObjectQLDatabase.Hooks"/>),
    /// before-commit and change handlers (<see cref="ObjectQLDatabase.Changes"/>) here. It must not write: later plugins
    /// are not attached yet.
    /// </summary>
    void Attach(ObjectQLDatabase database);
}
