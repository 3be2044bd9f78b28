using ObjectQL.Sqlite;
using ObjectQL.Sync.Client;
using ObjectQL.Sync.Client.Connectivity;
using ObjectQL.Sync.Client.Transport;
using ObjectQL.Sync.TestServer;

namespace ObjectQL.Sync.EndToEnd.Tests.Infrastructure;

/// <summary>How a <see cref="Device"/> is set up.</summary>
internal sealed record DeviceOptions
{
    public string User { get; init; } = "alice";

    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    public SyncConflictHandler? OnConflict { get; init; }

    public int MaxRetries { get; init; } = 5;

    /// <summary>Short, so a failed attempt is retried quickly; the tests wait on conditions, never on this.</summary>
    public TimeSpan MinBackoff { get; init; } = TimeSpan.FromMilliseconds(20);

    public TimeSpan MaxBackoff { get; init; } = TimeSpan.FromMilliseconds(200);

    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(20);

    /// <summary>Starts offline (the platform signal says no network): nothing is sent until <see cref="Device.GoOnline"/>.</summary>
    public bool StartOffline { get; init; }
}

/// <summary>
/// One device: a real SQLite file, the sync client plugin and engine, an HTTP transport to the server (or the proxy in
/// front of it) as one signed-in user, and a network signal the test switches off and on.
/// </summary>
internal sealed class Device : IAsyncDisposable
{
    private readonly HttpClient _http;
    private readonly ObjectQLDatabase _database;

    private Device(string name, HttpClient http, ObjectQLDatabase database, SyncClient client, ConnectivitySignal network, string user)
    {
        Name = name;
        _http = http;
        _database = database;
        Client = client;
        Network = network;
        Session = database.ForUser(user, "member");
    }

    public string Name { get; }

    public SyncClient Client { get; }

    public ConnectivitySignal Network { get; }

    /// <summary>The signed-in user's session on the local database: what the app writes through.</summary>
    public ObjectQLSession Session { get; }

    public ObjectQLDatabase Database => _database;

    public IObjectRepository Notes => Session.Object(SyncTestModel.NoteName);

    public IObjectRepository Todos => Session.Object(SyncTestModel.TodoName);

    public IObjectRepository Invoices => Session.Object(SyncTestModel.InvoiceName);

    public static async Task<Device> OpenAsync(Uri server, string path, DeviceOptions? options = null, string? name = null)
    {
        options ??= new DeviceOptions();
        // One connection per request, so the fault proxy sees every request on a connection of its own.
        var http = new HttpClient { BaseAddress = server, Timeout = Timeout.InfiniteTimeSpan };
        http.DefaultRequestHeaders.ConnectionClose = true;
        http.DefaultRequestHeaders.Add(HeaderAuthentication.UserHeader, options.User);
        http.DefaultRequestHeaders.Add(HeaderAuthentication.RolesHeader, "member");
        var network = new ConnectivitySignal();
        network.SetOnline(!options.StartOffline);
        var settings = new SyncClientOptions
        {
            ServerUrl = server,
            TimeProvider = options.TimeProvider,
            OnConflict = options.OnConflict,
            MaxRetries = options.MaxRetries,
            MinBackoff = options.MinBackoff,
            MaxBackoff = options.MaxBackoff,
            RequestTimeout = options.RequestTimeout,
        };
        var plugin = new SyncClientPlugin(settings, new HttpSyncTransport(http, settings), network);
        var database = await ObjectQLDatabase.CreateBuilder()
            .UseSqlite($"Data Source={path};Pooling=False")
            .AddModel(SyncTestModel.Objects)
            .AddPlugin(plugin)
            .OpenAsync();
        return new Device(name ?? Path.GetFileNameWithoutExtension(path), http, database, await plugin.StartAsync(), network, options.User);
    }

    public void GoOffline() => Network.SetOnline(false);

    public void GoOnline() => Network.SetOnline(true);

    /// <summary>Goes online and waits until every local write so far is answered and the delta applied.</summary>
    public async Task SyncAsync(CancellationToken cancellationToken = default)
    {
        GoOnline();
        await Client.WaitForSyncAsync(cancellationToken);
    }

    /// <summary>
    /// Goes online and syncs until nothing is pending, riding out failed attempts (a fault, a server restarting): each
    /// failed wait is followed by another, at most <paramref name="attempts"/> in all.
    /// </summary>
    public async Task SettleAsync(int attempts = 40)
    {
        GoOnline();
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await Client.WaitForSyncAsync();
                if (Client.Status.PendingCount == 0)
                {
                    return;
                }
            }
            catch (Exception exception) when (attempt < attempts && exception is SyncTransportException or ObjectQLException)
            {
            }
            Assert.That(attempt, Is.LessThan(attempts), $"{Name} still has {Client.Status.PendingCount} pending after {attempts} syncs; last error: {Client.Status.LastError}");
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Client.DisposeAsync();
        await _database.DisposeAsync();
        _http.Dispose();
    }
}
