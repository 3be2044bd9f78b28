using ObjectQL;
using ObjectQL.Sqlite;
using ObjectQL.Sync.Client;
using ObjectQL.Sync.Client.Connectivity;
using TodoSync.Model;

namespace TodoSync;

/// <summary>One of Ada's devices: its own SQLite file, the sync client, and a network switch the demo flips.</summary>
internal sealed class DemoDevice : IAsyncDisposable
{
    private readonly ObjectQLDatabase _database;

    private DemoDevice(string name, ObjectQLDatabase database, SyncClient client, ConnectivitySignal network)
    {
        Name = name;
        _database = database;
        Client = client;
        Network = network;
        Session = database.ForUser("ada", "member");
    }

    public string Name { get; }

    public SyncClient Client { get; }

    public ConnectivitySignal Network { get; }

    /// <summary>Ada's session on the local database: what the app reads and writes, online or not.</summary>
    public ObjectQLSession Session { get; }

    public static async Task<DemoDevice> OpenAsync(string name, string databasePath, Uri server, SyncConflictHandler onConflict)
    {
        var network = new ConnectivitySignal();
        var sync = new SyncClientPlugin(new SyncClientOptions
        {
            ServerUrl = server,
            AuthTokenProvider = _ => ValueTask.FromResult<string?>(DemoTokens.AdaToken),
            OnConflict = onConflict,
        }, connectivity: network);
        var database = await ObjectQLDatabase.CreateBuilder()
            .UseSqlite($"Data Source={databasePath}")
            .AddModel(AppModel.Objects)
            .AddPlugin(sync)
            .OpenAsync();
        return new DemoDevice(name, database, await sync.StartAsync(), network);
    }

    public async ValueTask DisposeAsync()
    {
        await Client.DisposeAsync();
        await _database.DisposeAsync();
    }
}
