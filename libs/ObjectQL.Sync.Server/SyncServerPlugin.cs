using System.Runtime.CompilerServices;
using ObjectQL.Metadata;
using ObjectQL.Sync.Server.Storage;

namespace ObjectQL.Sync.Server;

/// <summary>
/// The sync server's part of a database: its system objects (change log, commit positions, record clocks, idempotency
/// answers, clients, conflict audit trail; docs/sync-server.md) and the before-commit handler that writes every change
/// of a synced object into the log in the data's own transaction, whatever path wrote it. Add it to the builder, then
/// create the request handler from the opened database with <see cref="SyncServer.CreateAsync"/>.
/// </summary>
public sealed class SyncServerPlugin : IObjectQLPlugin
{
    private static readonly ConditionalWeakTable<ObjectQLDatabase, ChangeLog> Attached = new();

    /// <summary>Creates the plugin; <paramref name="options"/> are validated here.</summary>
    public SyncServerPlugin(SyncServerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        Options = options.Validate();
    }

    /// <summary>The options every server created over this plugin's database uses.</summary>
    public SyncServerOptions Options { get; }

    /// <inheritdoc />
    public string Name => "sync-server";

    /// <inheritdoc />
    public IReadOnlyList<ObjectDefinition> SystemObjects => SyncObjects.All;

    /// <inheritdoc />
    public void Attach(ObjectQLDatabase database)
    {
        ArgumentNullException.ThrowIfNull(database);
        var log = new ChangeLog(database, Options);
        if (!Attached.TryAdd(database, log))
        {
            throw ObjectQLException.InvalidRequest("The sync server plugin is attached to this database already.", null, "duplicate_plugin");
        }
        database.Changes.SubscribeBeforeCommit(log.OnBeforeCommitAsync);
    }

    internal static ChangeLog LogOf(ObjectQLDatabase database) =>
        Attached.TryGetValue(database, out var log)
            ? log
            : throw ObjectQLException.InvalidRequest(
                "This database has no sync server plugin: add new SyncServerPlugin(options) to its builder before opening it.", null, "missing_plugin");
}
