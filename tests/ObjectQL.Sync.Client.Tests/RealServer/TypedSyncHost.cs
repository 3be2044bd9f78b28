using System.Security.Cryptography;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using ObjectQL.Sqlite;
using ObjectQL.Sync.Client.Tests.Model;
using ObjectQL.Sync.Client.Transport;
using ObjectQL.Sync.Server;
using ObjectQL.Sync.TestServer;

namespace ObjectQL.Sync.Client.Tests.RealServer;

// The real POST /api/sync on Kestrel 127.0.0.1 over a SQLite file, serving this project's generated model, and the
// devices that sync with it (SQLite files too). Identity comes from the test server's header scheme.
internal sealed class TypedSyncHost : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly List<Device> _devices = [];

    private TypedSyncHost(string directory, WebApplication app, Uri address)
    {
        Directory = directory;
        _app = app;
        Address = address;
    }

    public string Directory { get; }

    public Uri Address { get; }

    public ObjectQLDatabase Database => _app.Services.GetRequiredService<ObjectQLDatabase>();

    public static async Task<TypedSyncHost> StartAsync()
    {
        var directory = System.IO.Directory.CreateTempSubdirectory("objectql-typed-sync-").FullName;
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Services.AddAuthentication(HeaderAuthentication.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, HeaderAuthentication>(HeaderAuthentication.SchemeName, null);
        builder.Services.AddAuthorization();
        builder.Services.AddObjectQL(db => db.UseSqlite($"Data Source={Path.Combine(directory, "server.db")};Pooling=False").AddModel(AppModel.Objects))
            .AddSyncServer(new SyncServerOptions
            {
                CheckpointKeys = new Dictionary<byte, byte[]> { [1] = RandomNumberGenerator.GetBytes(32) },
                CurrentCheckpointKeyId = 1,
            });
        var app = builder.Build();
        app.UseAuthentication();
        app.UseAuthorization();
        app.MapObjectQLSync();
        await app.StartAsync();
        return new TypedSyncHost(directory, app, SyncTestApp.Address(app));
    }

    // A device signed in as a member: its own SQLite file, the client plugin, started.
    public async Task<Device> OpenDeviceAsync(string name, Action<SyncClientOptions>? configure = null)
    {
        var http = new HttpClient { BaseAddress = Address };
        http.DefaultRequestHeaders.Add(HeaderAuthentication.UserHeader, "alice");
        http.DefaultRequestHeaders.Add(HeaderAuthentication.RolesHeader, "member");
        var options = new SyncClientOptions { ServerUrl = Address };
        configure?.Invoke(options);
        var plugin = new SyncClientPlugin(options, new HttpSyncTransport(http, options));
        var database = await ObjectQLDatabase.CreateBuilder()
            .UseSqlite($"Data Source={Path.Combine(Directory, name + ".db")};Pooling=False")
            .AddModel(AppModel.Objects)
            .AddPlugin(plugin)
            .OpenAsync();
        var device = new Device(http, database, await plugin.StartAsync());
        _devices.Add(device);
        return device;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var device in _devices)
        {
            await device.DisposeAsync();
        }
        await _app.StopAsync();
        await _app.DisposeAsync();
        System.IO.Directory.Delete(Directory, recursive: true);
    }

    internal sealed class Device(HttpClient http, ObjectQLDatabase database, SyncClient client) : IAsyncDisposable
    {
        public SyncClient Client { get; } = client;

        public ObjectQLSession Session => database.ForUser("alice", "member");

        public async ValueTask DisposeAsync()
        {
            await Client.DisposeAsync();
            await database.DisposeAsync();
            http.Dispose();
        }
    }
}
