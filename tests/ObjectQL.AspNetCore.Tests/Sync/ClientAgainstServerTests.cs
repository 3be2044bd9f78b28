using ObjectQL.Sqlite;
using ObjectQL.Sync.Client;
using ObjectQL.Sync.Client.Transport;
using ObjectQL.Sync.TestServer;
using EngineClient = ObjectQL.Sync.Client.SyncClient;

namespace ObjectQL.AspNetCore.Tests.Sync;

/// <summary>
/// The sync client engine against the real <c>POST /api/sync</c> on Kestrel 127.0.0.1: SQLite files on both sides, a
/// write on one device reaching the server once and then the other device.
/// </summary>
public sealed class ClientAgainstServerTests
{
    [Test]
    public async Task A_local_write_reaches_the_server_once_and_another_device_pulls_it_and_its_update()
    {
        await using var host = await SyncHost.StartAsync();
        var directory = Directory.CreateTempSubdirectory("objectql-sync-devices-").FullName;
        try
        {
            await using var phone = await Device.OpenAsync(host, Path.Combine(directory, "phone.db"));
            await using var laptop = await Device.OpenAsync(host, Path.Combine(directory, "laptop.db"));

            var note = await phone.Session.Object(SyncTestModel.NoteName).CreateAsync(new Record { ["title"] = "written offline", ["writer"] = "phone" });
            await phone.Client.WaitForSyncAsync();
            Assert.That(await host.CountAsync(SyncTestModel.NoteName), Is.EqualTo(1));

            await laptop.Client.WaitForSyncAsync();
            var pulled = await laptop.Session.Object(SyncTestModel.NoteName).FindOneAsync(note.Id!);
            Assert.That(pulled?["title"], Is.EqualTo("written offline"));

            await phone.Session.Object(SyncTestModel.NoteName).UpdateAsync(note.Id!, new Record { ["title"] = "edited" });
            await phone.Client.WaitForSyncAsync();
            await laptop.Client.WaitForSyncAsync();

            var server = await host.Database.System.Object(SyncTestModel.NoteName).FindOneAsync(note.Id!);
            var laptopCopy = await laptop.Session.Object(SyncTestModel.NoteName).FindOneAsync(note.Id!);
            Assert.That((server?["title"], laptopCopy?["title"], await host.CountAsync(SyncTestModel.NoteName)), Is.EqualTo(("edited", "edited", 1L)));
            Assert.That(phone.Client.Status.PendingCount, Is.Zero);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    private sealed class Device : IAsyncDisposable
    {
        private readonly HttpClient _http;
        private readonly ObjectQLDatabase _database;

        private Device(HttpClient http, ObjectQLDatabase database, EngineClient client)
        {
            _http = http;
            _database = database;
            Client = client;
        }

        public EngineClient Client { get; }

        public ObjectQLSession Session => _database.ForUser("alice", "member");

        public static async Task<Device> OpenAsync(SyncHost host, string path)
        {
            var http = new HttpClient { BaseAddress = host.Client.BaseAddress };
            http.DefaultRequestHeaders.Add(HeaderAuthentication.UserHeader, "alice");
            http.DefaultRequestHeaders.Add(HeaderAuthentication.RolesHeader, "member");
            var options = new SyncClientOptions { ServerUrl = host.Client.BaseAddress };
            var plugin = new SyncClientPlugin(options, new HttpSyncTransport(http, options));
            var database = await ObjectQLDatabase.CreateBuilder()
                .UseSqlite($"Data Source={path};Pooling=False")
                .AddModel(SyncTestModel.Objects)
                .AddPlugin(plugin)
                .OpenAsync();
            return new Device(http, database, await plugin.StartAsync());
        }

        public async ValueTask DisposeAsync()
        {
            await Client.DisposeAsync();
            await _database.DisposeAsync();
            _http.Dispose();
        }
    }
}
