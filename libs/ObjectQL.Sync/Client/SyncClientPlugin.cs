using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using ObjectQL.Drivers;
using ObjectQL.Metadata;
using ObjectQL.Sync.Client.Connectivity;
using ObjectQL.Sync.Client.Storage;
using ObjectQL.Sync.Client.Transport;

namespace ObjectQL.Sync.Client;

/// <summary>
/// The sync client's part of a local database: its system objects (mutation log, client state and clock, synced copy
/// metadata, staging) and the before-commit handler that logs every write of a synced object, through any write path,
/// in the same local transaction. Add it to the builder, open the database, then <see cref="StartAsync"/> the engine.
/// </summary>
public sealed class SyncClientPlugin : IObjectQLPlugin
{
    private readonly SyncClientOptions _options;
    private readonly ISyncTransport? _transport;
    private readonly IConnectivityMonitor? _connectivity;
    private readonly ILoggerFactory _loggers;
    private ClientCore? _core;
    private SyncClient? _client;

    /// <summary>Creates the plugin.</summary>
    /// <param name="options">The server, triggers, retry limit and conflict handler; validated here.</param>
    /// <param name="transport">How requests reach the server; an <see cref="HttpSyncTransport"/> on a new <see cref="HttpClient"/> when null.</param>
    /// <param name="connectivity">The platform's network signal, or null when there is none.</param>
    /// <param name="loggerFactory">Where the engine logs; nowhere when null.</param>
    public SyncClientPlugin(SyncClientOptions options, ISyncTransport? transport = null, IConnectivityMonitor? connectivity = null, ILoggerFactory? loggerFactory = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options;
        _transport = transport;
        _connectivity = connectivity;
        _loggers = loggerFactory ?? NullLoggerFactory.Instance;
    }

    /// <inheritdoc />
    public string Name => "sync-client";

    /// <inheritdoc />
    public IReadOnlyList<ObjectDefinition> SystemObjects => ClientObjects.All;

    /// <summary>The running engine, or null before <see cref="StartAsync"/>.</summary>
    public SyncClient? Client => Volatile.Read(ref _client);

    /// <summary>
    /// Switches off the store's foreign keys (<see cref="IForeignKeyDriver"/>): the local store is a partial replica
    /// that may hold a record whose reference names one the device does not pull.
    /// </summary>
    public void ConfigureDriver(IObjectQLDriver driver)
    {
        if (DriverCapabilities.Get<IForeignKeyDriver>(driver) is { } foreignKeys)
        {
            foreignKeys.ForeignKeys = false;
        }
    }

    /// <inheritdoc />
    public void Attach(ObjectQLDatabase database)
    {
        ArgumentNullException.ThrowIfNull(database);
        if (_core is not null)
        {
            throw ObjectQLException.InvalidRequest("A SyncClientPlugin serves one database; create one per database.", null, "plugin_reused");
        }
        var core = _core = new ClientCore(database, _options.TimeProvider);
        var capture = new MutationCapture(core);
        BeforeCommitHandler onBeforeCommit = capture.OnBeforeCommitAsync;
        ChangeHandler onCommitted = (change, _) =>
        {
            if (Client is { } client && capture.Captures(change))
            {
                client.OnLocalWrite(core.ConfigOf(change.ObjectName)!.DebounceMs);
            }
            return ValueTask.CompletedTask;
        };
        core.OwnChangeHandlers.AddRange([onBeforeCommit, onCommitted]);
        database.Changes.SubscribeBeforeCommit(onBeforeCommit);
        database.Changes.Subscribe(onCommitted);
    }

    /// <summary>
    /// Loads the client's state (creating its id on first use), claims the local store for this engine, raises its writer
    /// epoch, and starts the engine: it syncs at once and then on every trigger. Call once, after the database is open.
    /// When it returns, <see cref="SyncClient.Status"/> already counts the pending and parked mutations of the log and
    /// says what the connectivity monitor says.
    /// One local store has one engine: while another engine (in this or another process) holds the store's lease, this
    /// throws an <see cref="ErrorCodes.Conflict"/> error (detail <c>lease</c>, reason <c>engine_running</c>). The lease
    /// is released when the engine is disposed; after a crash it is taken over at once when its holder was a process of
    /// this machine that no longer runs, otherwise when it expires (<see cref="SyncClientOptions.EngineLease"/>).
    /// </summary>
    public async Task<SyncClient> StartAsync(CancellationToken cancellationToken = default)
    {
        var core = _core ?? throw ObjectQLException.InvalidRequest("The SyncClientPlugin is not attached: add it to the database builder and open the database first.", null, "not_attached");
        if (Client is not null)
        {
            throw ObjectQLException.InvalidRequest("The sync client is already started.", null, "already_started");
        }
        var lease = new EngineLease(core, _options.EngineLease);
        // One transaction: the state and the log read once, the lease taken and the epoch raised in one write of the
        // state, committed before the engine relies on either. Each process that takes the client over writes under a
        // new epoch, so the server fences an older writer (RFC 7).
        var log = await core.Database.System.TransactionAsync(async (session, ct) =>
        {
            using var ambient = StoreHlcStateStore.Ambient(session);
            var (state, log) = await core.ReadForStartAsync(session, ct).ConfigureAwait(false);
            var epoch = core.Epoch + 1;
            await lease.AcquireAsync(session, state, new Record { ["epoch"] = (double)epoch }, state is null ? core.NewState() : null, ct).ConfigureAwait(false);
            core.Epoch = epoch;
            return log;
        }, cancellationToken).ConfigureAwait(false);
        core.StateCommitted = true;
        var transport = _transport ?? new HttpSyncTransport(new HttpClient { Timeout = Timeout.InfiniteTimeSpan }, _options);
        var client = new SyncClient(core, transport, _connectivity, _options, _loggers.CreateLogger("ObjectQL.Sync.Client"), lease);
        // The status counts the log the start read before the caller sees the client: a page that renders it at once
        // shows what waits, not "0 pending" until the first sync has ended.
        client.PublishCounts(log);
        Volatile.Write(ref _client, client);
        client.Start();
        return client;
    }
}
