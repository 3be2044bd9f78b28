using System.Globalization;
using ObjectQL.Metadata;
using ObjectQL.Sync.Clocks;
using ObjectQL.Sync.Configuration;

namespace ObjectQL.Sync.Client.Storage;

// What the capture handler and the engine share: the database, the objects' sync settings, the store, and the client's
// identity, sequence counter and clock, loaded from the store on first use inside a local transaction.
internal sealed class ClientCore
{
    private readonly SemaphoreSlim _load = new(1, 1);
    private readonly Lock _sequenceLock = new();
    private volatile bool _loaded;
    private long _sequence;

    public ClientCore(ObjectQLDatabase database, TimeProvider time)
    {
        Database = database;
        Time = time;
        Store = new ClientStore(database);
        Configs = database.Model.Objects.Where(o => !o.IsSystem).ToDictionary(o => o.Name, SyncConfig.For, StringComparer.Ordinal);
    }

    public ObjectQLDatabase Database { get; }

    public TimeProvider Time { get; }

    public ClientStore Store { get; }

    public IReadOnlyDictionary<string, SyncConfig> Configs { get; }

    public string ClientId { get; private set; } = string.Empty;

    public long Epoch { get; set; }

    public HybridLogicalClock Clock { get; private set; } = null!;

    // True once the state row is known to be committed (the engine's start writes it); until then every capture
    // transaction makes sure it exists, so a rolled-back first write cannot lose the client id.
    public bool StateCommitted { get; set; }

    /// <summary>The change handlers the sync client subscribed itself (SyncClientPlugin.Attach).</summary>
    public List<Delegate> OwnChangeHandlers { get; } = [];

    public SyncConfig? ConfigOf(string objectName) => Configs.GetValueOrDefault(objectName);

    public ObjectDefinition Definition(string objectName) => Database.Model.Get(objectName);

    public async ValueTask EnsureLoadedAsync(IPipelineSession session, CancellationToken cancellationToken)
    {
        if (_loaded && StateCommitted)
        {
            return;
        }
        await _load.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var state = await Store.FindStateAsync(session, ClientStore.ClientRow, cancellationToken).ConfigureAwait(false);
            if (!_loaded)
            {
                await LoadAsync(session, state, await Store.MutationsAsync(session, null, null, cancellationToken).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);
            }
            if (state is null)
            {
                await Store.CreateStateAsync(session, ClientStore.ClientRow, NewState(), cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            _load.Release();
        }
    }

    /// <summary>
    /// The engine's start: the state row and the whole log, each read once, in the start's transaction; the client is
    /// loaded from them unless a write loaded it before. The caller writes the state (NewState when there is none).
    /// </summary>
    public async ValueTask<(Record? State, IReadOnlyList<LoggedMutation> Log)> ReadForStartAsync(IPipelineSession session, CancellationToken cancellationToken)
    {
        await _load.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var state = await Store.FindStateAsync(session, ClientStore.ClientRow, cancellationToken).ConfigureAwait(false);
            var log = await Store.MutationsAsync(session, null, null, cancellationToken).ConfigureAwait(false);
            if (!_loaded)
            {
                await LoadAsync(session, state, log, cancellationToken).ConfigureAwait(false);
            }
            return (state, log);
        }
        finally
        {
            _load.Release();
        }
    }

    // The state row of a client that has none yet: its id, epoch and counter as loaded.
    public Record NewState() => new()
    {
        ["client_id"] = ClientId,
        ["epoch"] = (double)Epoch,
        ["sequence"] = (double)CurrentSequence,
        ["highest_sequence"] = 0d,
    };

    private async ValueTask LoadAsync(IPipelineSession session, Record? state, IReadOnlyList<LoggedMutation> last, CancellationToken cancellationToken)
    {
        ClientId = state?["client_id"] as string ?? Guid.CreateVersion7(Time.GetUtcNow()).ToString("D");
        Epoch = state?["epoch"] is double epoch ? (long)epoch : 0;
        // The counter continues above everything issued: the stored counter, the log and the server's highest.
        _sequence = Math.Max(Math.Max(Number(state, "sequence"), Number(state, "highest_sequence")), last.Count > 0 ? last[^1].Sequence : 0);
        using (StoreHlcStateStore.Ambient(session))
        {
            Clock = await HybridLogicalClock.OpenAsync(ClientId, new StoreHlcStateStore(Store), Time, HlcOptions.ForClient, cancellationToken).ConfigureAwait(false);
            // A bound written in a transaction that rolled back may lie below clocks already logged: start above them.
            foreach (var mutation in last)
            {
                if (HlcTimestamp.TryParse(mutation.Clock, out var clock) && clock > Clock.Current)
                {
                    await Clock.ReceiveAsync(clock, cancellationToken).ConfigureAwait(false);
                }
            }
        }
        _loaded = true;
    }

    public long NextSequence()
    {
        lock (_sequenceLock)
        {
            return ++_sequence;
        }
    }

    // Raises the counter above a server's highest processed sequence (RFC 7); returns the next free one.
    public void RaiseSequence(long highest)
    {
        lock (_sequenceLock)
        {
            _sequence = Math.Max(_sequence, highest);
        }
    }

    public long CurrentSequence
    {
        get
        {
            lock (_sequenceLock)
            {
                return _sequence;
            }
        }
    }

    public string Timestamp() => Time.GetUtcNow().ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    public string NewMutationId() => Guid.CreateVersion7(Time.GetUtcNow()).ToString("D");

    private static long Number(Record? state, string field) => state?[field] is double value ? (long)value : 0;
}
