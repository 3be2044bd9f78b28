using Microsoft.Extensions.Time.Testing;
using ObjectQL.Postgres;
using ObjectQL.Sqlite;
using ObjectQL.Testing.Postgres;

namespace ObjectQL.Sync.Client.Tests;

// One local database with the client plugin, on the memory driver, a real SQLite file or a fresh schema of the real
// PostgreSQL the tests start, with fake time. File is the store's location (SQLite path or PostgreSQL connection string).
internal sealed class ClientHarness : IAsyncDisposable
{
    /// <summary>Every local store the client supports; store-dependent fixtures run on each.</summary>
    public static readonly string[] Stores = ["memory", "sqlite", "postgres"];

    /// <summary>The stores that keep their data across a reopen.</summary>
    public static readonly string[] DurableStores = ["sqlite", "postgres"];

    private ClientHarness(ObjectQLDatabase database, SyncClientPlugin plugin, FakeServer server, FakeTimeProvider time, string? file)
    {
        Database = database;
        Plugin = plugin;
        Server = server;
        Time = time;
        File = file;
    }

    public ObjectQLDatabase Database { get; }
    public SyncClientPlugin Plugin { get; }
    public FakeServer Server { get; }
    public FakeTimeProvider Time { get; }
    public string? File { get; }
    public SyncClient Client => Plugin.Client!;

    // wrap: a decorator over the store (a counting driver), or null.
    public static async Task<ClientHarness> OpenAsync(
        string driver, Action<SyncClientOptions>? configure = null, FakeServer? server = null, string? file = null, FakeTimeProvider? time = null,
        Func<Drivers.IObjectQLDriver, Drivers.IObjectQLDriver>? wrap = null, Func<FakeServer, SyncClientOptions, Transport.ISyncTransport>? transport = null)
    {
        time ??= new FakeTimeProvider(new DateTimeOffset(2026, 12, 3, 10, 0, 0, TimeSpan.Zero));
        server ??= new FakeServer();
        var options = new SyncClientOptions { ServerUrl = new Uri("http://127.0.0.1:9/"), TimeProvider = time };
        configure?.Invoke(options);
        var plugin = new SyncClientPlugin(options, transport?.Invoke(server, options) ?? server);
        Drivers.IObjectQLDriver store;
        if (driver == "sqlite")
        {
            file ??= Path.Combine(Path.GetTempPath(), $"objectql-sync-client-{Guid.NewGuid():N}.db");
            store = new SqliteDriver($"Data Source={file}");
        }
        else if (driver == "postgres")
        {
            file ??= PostgresCluster.CreateSchema("sync_client");
            store = new PostgresDriver(file);
        }
        else
        {
            store = new Drivers.Memory.MemoryDriver();
        }
        var database = await ObjectQLDatabase.CreateBuilder().UseDriver(wrap?.Invoke(store) ?? store).AddModel(TestModel.Model).AddPlugin(plugin)
            .ConfigureOptions(o => o with { TimeProvider = time }).OpenAsync();
        return new ClientHarness(database, plugin, server, time, file);
    }

    public async Task<SyncClient> StartAsync()
    {
        var client = await Plugin.StartAsync();
        client.Jitter = () => 1.0;
        // The start sync runs at once; let it finish so tests begin from a quiet client.
        await client.SyncNowAsync();
        return client;
    }

    public Task<IReadOnlyList<Record>> LogAsync() =>
        Database.System.Object("_objectql_client_mutations").FindAsync(new Querying.Query { OrderBy = [new Querying.SortSpec("sequence")] });

    public IObjectRepository Todos => Database.Object("todo");

    public async ValueTask DisposeAsync()
    {
        if (Plugin.Client is { } client)
        {
            await client.DisposeAsync();
        }
        await Database.DisposeAsync();
    }

    public static void Delete(string? file)
    {
        if (file is null)
        {
            return;
        }
        if (file.Contains("Search Path", StringComparison.OrdinalIgnoreCase))
        {
            PostgresCluster.DropSchema(file);
            return;
        }
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        foreach (var path in new[] { file, file + "-wal", file + "-shm" })
        {
            System.IO.File.Delete(path);
        }
    }
}

/// <summary>Stops the PostgreSQL cluster the tests started, once every fixture has run.</summary>
[SetUpFixture]
public sealed class PostgresClusterLifetime
{
    [OneTimeTearDown]
    public void StopCluster() => PostgresCluster.Stop();
}
