using Microsoft.Data.Sqlite;
using ObjectQL.Sqlite;
using ObjectQL.Sync.EndToEnd.Tests.Infrastructure;
using ObjectQL.Sync.TestServer;

namespace ObjectQL.Sync.EndToEnd.Tests;

/// <summary>
/// Real process kills mid-push: the server process killed while it applies a batch and started again on the same file;
/// the device process killed while its push is in flight and started again. Exactly once, nothing lost.
/// </summary>
public sealed class ProcessKillTests
{
    private const int Notes = 100;

    [Test]
    public async Task The_server_killed_mid_batch_and_restarted_applies_every_mutation_exactly_once()
    {
        using var workspace = new Workspace();
        var serverFile = workspace.File("server.db");
        var key = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));
        // Each transaction held up to 150 ms before its commit, so the batch is still being applied when the kill lands.
        var server = ChildApp.StartServer("--sqlite", serverFile, "--checkpoint-key", key, "--commit-delay-ms", "150");
        await using var proxy = new FaultProxy(await server.ListeningAsync());
        await using var phone = await Device.OpenAsync(proxy.Address, workspace.File("phone.db"), new DeviceOptions { StartOffline = true });
        var ids = new List<string>();
        for (var i = 0; i < Notes; i++)
        {
            ids.Add((await phone.Notes.CreateAsync(new Record { ["title"] = $"note {i}" })).Id!);
        }

        phone.GoOnline();
        await Eventually.HoldsAsync(async () => await CountNotesAsync(serverFile) > 0, () => "the server never committed a chunk");
        await server.KillAsync();
        var committedBeforeKill = await CountNotesAsync(serverFile);
        await using var restarted = ChildApp.StartServer("--sqlite", serverFile, "--checkpoint-key", key);
        proxy.Upstream = await restarted.ListeningAsync();
        await phone.SettleAsync();

        Assert.That(committedBeforeKill, Is.LessThan(Notes), "the kill landed mid-batch");
        await using var check = await OpenServerFileAsync(serverFile);
        Assert.That((await check.System.Object(SyncTestModel.NoteName).FindAsync(Querying.Query.All)).Select(n => n.Id), Is.EquivalentTo(ids));
        await ServerLog.AssertAppliedAtMostOnceAsync(check);
        Assert.That(phone.Client.Status.Parked, Is.Empty);
        await Replicas.AssertEqualAsync(check, phone);
        await server.DisposeAsync();
    }

    [Test]
    public async Task The_device_killed_mid_push_and_restarted_sends_every_mutation_exactly_once()
    {
        using var workspace = new Workspace();
        await using var server = await ServerHost.StartAsync(new SyncTestAppOptions { CommitDelay = TimeSpan.FromMilliseconds(100) });
        // The first answer is held long after the server committed: the device dies waiting for it.
        await using var proxy = new FaultProxy(server.Address) { Delay = TimeSpan.FromMinutes(5) };
        proxy.Inject(Fault.Delay);
        var deviceFile = workspace.File("device.db");
        var device = ChildApp.StartDevice(proxy.Address.ToString(), deviceFile, Notes.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await device.WaitForLineAsync("WRITTEN");
        var notes = server.Database.System.Object(SyncTestModel.NoteName);
        await Eventually.HoldsAsync(async () => await notes.CountAsync() > 0, () => "the server never committed the push");
        await device.KillAsync();
        await device.DisposeAsync();

        await using var restarted = ChildApp.StartDevice(proxy.Address.ToString(), deviceFile, Notes.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var synced = await restarted.WaitForLineAsync("SYNCED");

        Assert.That(synced, Is.EqualTo("SYNCED pending=0 parked=0"));
        Assert.That(await notes.CountAsync(), Is.EqualTo(Notes));
        await ServerLog.AssertAppliedAtMostOnceAsync(server.Database);
        Assert.That((await notes.FindAsync(Querying.Query.All)).Select(n => n["title"]), Is.EquivalentTo(Enumerable.Range(0, Notes).Select(i => $"note {i}")));
    }

    private static async Task<long> CountNotesAsync(string serverFile)
    {
        await using var connection = new SqliteConnection($"Data Source={serverFile};Mode=ReadOnly;Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT count(*) FROM sqlite_master WHERE name = '{SyncTestModel.NoteName}'";
        if ((long)(await command.ExecuteScalarAsync())! == 0)
        {
            return 0;
        }
        command.CommandText = $"SELECT count(*) FROM \"{SyncTestModel.NoteName}\"";
        return (long)(await command.ExecuteScalarAsync())!;
    }

    private static Task<ObjectQLDatabase> OpenServerFileAsync(string serverFile) =>
        ObjectQLDatabase.CreateBuilder().UseSqlite($"Data Source={serverFile};Pooling=False").AddModel(SyncTestModel.Objects)
            .AddPlugin(new Server.SyncServerPlugin(new Server.SyncServerOptions
            {
                CheckpointKeys = new Dictionary<byte, byte[]> { [1] = new byte[32] },
                CurrentCheckpointKeyId = 1,
            }))
            .OpenAsync();
}
