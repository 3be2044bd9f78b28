using ObjectQL.Sqlite;
using ObjectQL.Sync.Protocol;
using ObjectQL.Sync.Server.Configuration;
using ObjectQL.Sync.Server.Tests.Support;

namespace ObjectQL.Sync.Server.Tests.Server;

/// <summary>The Setup section of docs/sync-server.md, as an application writes it.</summary>
public class SetupTests
{
    private string? _directory;

    [TearDown]
    public void DeleteDirectory()
    {
        if (_directory is not null)
        {
            Directory.Delete(_directory, recursive: true);
            _directory = null;
        }
    }

    [Test]
    public async Task The_documented_setup_opens_serves_and_prunes()
    {
        var directory = _directory = Directory.CreateTempSubdirectory("objectql-sync-setup-").FullName;
        var options = new SyncServerOptions
        {
            Endpoint = new SyncEndpointConfig { ChangeLogRetentionDays = 30 },
            CheckpointKeys = new Dictionary<byte, byte[]>
            {
                [1] = Convert.FromBase64String("AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8="),
                [2] = Convert.FromBase64String("ICEiIyQlJicoKSorLC0uLzAxMjM0NTY3ODk6Ozw9Pj8="),
            },
            CurrentCheckpointKeyId = 2,
        };
        await using var db = await ObjectQLDatabase.CreateBuilder()
            .UseSqlite($"Data Source={Path.Combine(directory, "server.db")}")
            .AddModel(TestModel.Objects)
            .AddPlugin(new SyncServerPlugin(options))
            .OpenAsync();
        var server = await SyncServer.CreateAsync(db);
        var caller = ObjectQLContext.ForUser("user-1", "member");
        SyncPushRequest request = new(
            "0b8e7d3c-4a1f-4c55-9e0d-2f6b1a7c9d10", 1, "2026-11-26T09:30:00.123Z-00000000-0b8e7d3c-4a1f-4c55-9e0d-2f6b1a7c9d10", [], null);
        var response = await server.HandleAsync(request, caller);
        Assert.That(response.Checkpoint, Does.StartWith("v1."));
        Assert.That(response.ResyncRequired, Is.False);
        var pruned = await server.PruneAsync();
        Assert.That(pruned.Commits, Is.Zero);
    }

    [Test]
    public async Task The_memory_driver_serves_a_push_and_its_delta_too()
    {
        await using var db = await ObjectQLDatabase.CreateBuilder().UseDriver(new ObjectQL.Drivers.Memory.MemoryDriver())
            .AddModel(TestModel.Objects).AddPlugin(new SyncServerPlugin(SyncHarness.Options())).OpenAsync();
        var server = await SyncServer.CreateAsync(db);
        var writer = new TestClient();
        var reader = new TestClient();
        await reader.SyncAsync(server);
        var pushed = await writer.SyncAsync(server, writer.Create(TestModel.Note, "m", ("title", "in memory")));
        Assert.That(pushed.Results[0], Is.TypeOf<SyncMutationApplied>());
        Assert.That((await reader.PullAllAsync(server)).Select(c => c.RecordId), Is.EqualTo(new[] { "m" }));
    }

    [Test]
    public async Task A_server_over_a_database_without_the_plugin_is_refused_naming_it()
    {
        await using var db = await ObjectQLDatabase.CreateBuilder().UseSqlite("Data Source=:memory:").AddModel(TestModel.Objects).OpenAsync();
        var error = Assert.ThrowsAsync<ObjectQLException>(() => SyncServer.CreateAsync(db));
        Assert.That(error!.Details[0].Reason, Is.EqualTo("missing_plugin"));
    }

    [Test]
    public void Options_without_the_current_key_are_refused_naming_it()
    {
        var error = Assert.Throws<ObjectQLException>(() => new SyncServerPlugin(new SyncServerOptions { CurrentCheckpointKeyId = 3 }));
        Assert.That(error!.Field, Is.EqualTo("CheckpointKeys"));
    }
}
