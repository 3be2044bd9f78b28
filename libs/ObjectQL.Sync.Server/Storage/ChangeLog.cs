using System.Runtime.CompilerServices;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using ObjectQL.Drivers;
using ObjectQL.Metadata;
using ObjectQL.Pipeline;
using ObjectQL.Querying;
using ObjectQL.Sync.Clocks;
using ObjectQL.Sync.Configuration;
using ObjectQL.Sync.Server.Diagnostics;

namespace ObjectQL.Sync.Server.Storage;

/// <summary>
/// The before-commit half of the sync server (RFC 6.1): for every transaction that changed a synced object, whatever
/// wrote it, the change rows with full post-images and clocks, the records' clock rows, then the locked tail (the commit
/// position, then one commit row), all in the data's transaction. Also holds what every server over the database shares:
/// its clock and the objects' sync configurations.
/// </summary>
internal sealed partial class ChangeLog
{
    private readonly ConditionalWeakTable<IDriverTransaction, PushScope> _pushes = new();
    private readonly SemaphoreSlim _clockGate = new(1, 1);
    private readonly Dictionary<string, SyncConfig> _configs;
    private HybridLogicalClock? _clock;

    public ChangeLog(ObjectQLDatabase database, SyncServerOptions options)
    {
        Database = database;
        Options = options;
        Time = options.TimeProvider ?? database.Options.TimeProvider;
        _configs = database.Model.Objects.Where(o => !o.IsSystem && o.Sync is { Enabled: true })
            .ToDictionary(o => o.Name, SyncConfig.For, StringComparer.Ordinal);
        Head = database.Model.Get(SyncObjects.Head);
        Sequences = DriverCapabilities.Get<ISequenceDriver>(database.Driver)
            ?? throw ObjectQLException.InvalidRequest(
                $"The sync server needs a driver that keeps counters (ISequenceDriver); the {database.Driver.Name} driver does not.", null, "unsupported_driver");
        // A batch-only store commits a reserved number before its batch, so only interactive stores settle positions.
        ClockCheck = new ClockGuard(DriverCapabilities.Get<IDatabaseClockDriver>(database.Driver), Time, options.Endpoint.MaxClockDrift);
        Batched = DriverCapabilities.TransactionModelOf(database.Driver) == TransactionModel.Batched;
        Positions = Batched ? null : DriverCapabilities.Get<ICommitPositionDriver>(database.Driver);
        Logger = database.Options.Diagnostics.LoggerFactory?.CreateLogger(SyncServerLog.Category) ?? NullLogger.Instance;
    }

    public ObjectQLDatabase Database { get; }

    /// <summary>
    /// The store sends a transaction's writes as one batch at commit (D1; docs/drivers.md, "Batch-only stores"): its
    /// reads do not see the transaction's own writes, and it takes one write per record per transaction.
    /// </summary>
    public bool Batched { get; }

    public SyncServerOptions Options { get; }

    public TimeProvider Time { get; }

    public SyncServerMetrics Metrics { get; } = SyncServerMetrics.Instance;

    /// <summary>Where the server's warnings go: the database's logger factory (<see cref="ObjectQLDiagnosticsOptions.LoggerFactory"/>), if any.</summary>
    public ILogger Logger { get; }

    /// <summary>The server's wall clock against the database's (RFC 4.3).</summary>
    public ClockGuard ClockCheck { get; }

    private ObjectDefinition Head { get; }

    private ISequenceDriver Sequences { get; }

    // Null: the head is the counter row, locked from the reservation to the commit, so positions are serial.
    private ICommitPositionDriver? Positions { get; }

    /// <summary>
    /// The position a pull may read up to (RFC 6.1): every transaction that took a position at or below it has ended,
    /// so the commits read afterwards up to it are all there is. Null when positions are serial (the counter row), where
    /// any committed position already implies every lower one.
    /// </summary>
    public async ValueTask<long?> SettledAsync(CancellationToken cancellationToken) =>
        Positions is null ? null : await Positions.SettledCommitPositionAsync(Head, SyncObjects.PositionCounter, cancellationToken).ConfigureAwait(false);

    // The transaction's position, taken last (after the log rows, immediately before the commit), and its commit row
    // holding it. With commit positions the driver does both in one statement where it can (PostgreSQL), which also reads
    // the settled position this transaction aside; serial positions reserve the counter row, then insert the row.
    private async Task<TakenCommitPosition> InsertCommitAsync(IPipelineSession session, IDriverTransaction transaction, Record commit, CancellationToken cancellationToken)
    {
        if (Positions is null)
        {
            var position = await Sequences.ReserveAsync(Head, SyncObjects.PositionCounter, 1, transaction, cancellationToken).ConfigureAwait(false);
            commit["position"] = (double)position;
            await LogRows.InsertAsync(Database, session, SyncObjects.Commit, [commit], cancellationToken).ConfigureAwait(false);
            return new TakenCommitPosition(position, null);
        }
        LogRows.Stamp(Database, session, SyncObjects.Commit, commit);
        return await Positions.InsertAtCommitPositionAsync(Head, SyncObjects.PositionCounter, Database.Model.Get(SyncObjects.Commit), commit, "position", transaction, cancellationToken)
            .ConfigureAwait(false);
    }

    /// <summary>The sync configuration of a synced object, or null when the object is not synced.</summary>
    public SyncConfig? ConfigOf(string objectName) => _configs.GetValueOrDefault(objectName);

    /// <summary>The synced objects.</summary>
    public IEnumerable<SyncConfig> Configs => _configs.Values;

    /// <summary>What a push registers for its transaction, so the log tags a mutation's own row and keeps its resolved clocks.</summary>
    public PushScope PushScopeOf(IDriverTransaction transaction) => _pushes.GetValue(transaction, static _ => new PushScope());

    /// <summary>
    /// The server's clock, opened on first use above every clock the log holds, so a restarted server never issues a
    /// clock below one it stored before (RFC 4.4).
    /// </summary>
    public async ValueTask<HybridLogicalClock> ClockAsync(IObjectQLSession system, CancellationToken cancellationToken)
    {
        if (Volatile.Read(ref _clock) is { } open)
        {
            return open;
        }
        await _clockGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_clock is null)
            {
                var latest = await system.Object(SyncObjects.RecordState).FindAsync(
                    new Query { Fields = ["clock"], OrderBy = [new SortSpec("clock", SortDirection.Descending)], Limit = 1 }, cancellationToken).ConfigureAwait(false);
                long floor = latest.Count == 1 && HlcTimestamp.TryParse(latest[0]["clock"] as string, out var last) ? last.WallMilliseconds + 1 : 0;
                var store = new InMemoryHlcStateStore();
                await store.WriteReservedWallAsync(floor, cancellationToken).ConfigureAwait(false);
                // Unique among instances, not secret: from a GUID, because the cryptographic generator's first use loads
                // OpenSSL, about 9 ms of a native server's start (docs/hosting/aspnetcore.md).
                var node = "server-" + Guid.NewGuid().ToString("N")[..8];
                var options = new HlcOptions { MaxDrift = Options.Endpoint.MaxClockDrift };
                Volatile.Write(ref _clock, await HybridLogicalClock.OpenAsync(node, store, Time, options, cancellationToken).ConfigureAwait(false));
            }
            return _clock!;
        }
        finally
        {
            _clockGate.Release();
        }
    }

    /// <summary>The tenant of a record: its tenant field's value when the object has one.</summary>
    public string? TenantOf(ObjectDefinition definition, Record? record) =>
        record is not null && definition.FindField(Database.Options.TenantField) is not null ? record[Database.Options.TenantField] as string : null;
}
