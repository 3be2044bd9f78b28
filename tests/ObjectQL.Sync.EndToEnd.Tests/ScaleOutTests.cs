using ObjectQL.Postgres;
using ObjectQL.Sync.EndToEnd.Tests.Infrastructure;
using ObjectQL.Sync.Server;
using ObjectQL.Sync.TestServer;
using ObjectQL.Testing.Postgres;

namespace ObjectQL.Sync.EndToEnd.Tests;

/// <summary>
/// Two sync server processes over one PostgreSQL database (the tests' own cluster), two devices on each, all writing at
/// once: every device ends with every change, equal to the database.
/// </summary>
public sealed class ScaleOutTests
{
    private const int NotesPerDevice = 15;

    [Test]
    public async Task Devices_on_two_server_processes_over_one_postgres_all_end_with_every_change()
    {
        var database = PostgresCluster.CreateDatabase("e2e_scale");
        var key = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));
        using var workspace = new Workspace();
        await using var first = ChildApp.StartServer("--postgres", database, "--checkpoint-key", key, "--commit-delay-ms", "10");
        var firstAddress = await first.ListeningAsync();
        // The second starts once the first has created the schema and the log's epoch.
        await using var second = ChildApp.StartServer("--postgres", database, "--checkpoint-key", key, "--commit-delay-ms", "10");
        var secondAddress = await second.ListeningAsync();
        var devices = new List<Device>();
        try
        {
            for (var i = 0; i < 4; i++)
            {
                devices.Add(await Device.OpenAsync(i % 2 == 0 ? firstAddress : secondAddress, workspace.File($"device{i}.db"), name: $"device{i}"));
            }

            await Task.WhenAll(devices.Select(async device =>
            {
                for (var n = 0; n < NotesPerDevice; n++)
                {
                    var note = await device.Notes.CreateAsync(new Record { ["title"] = $"{device.Name} {n}", ["writer"] = device.Name });
                    if (n % 3 == 0)
                    {
                        await device.Notes.UpdateAsync(note.Id!, new Record { ["rank"] = n });
                        await device.Client.WaitForSyncAsync();
                    }
                }
            }));
            foreach (var device in devices.Concat(devices))
            {
                await device.SettleAsync();
            }

            await using var check = await ObjectQLDatabase.CreateBuilder().UsePostgres(database).AddModel(SyncTestModel.Objects)
                .AddPlugin(new SyncServerPlugin(new SyncServerOptions { CheckpointKeys = new Dictionary<byte, byte[]> { [1] = new byte[32] }, CurrentCheckpointKeyId = 1 }))
                .OpenAsync();
            Assert.That(await check.System.Object(SyncTestModel.NoteName).CountAsync(), Is.EqualTo(4 * NotesPerDevice));
            await ServerLog.AssertAppliedAtMostOnceAsync(check);
            await Replicas.AssertEqualAsync(check, [.. devices]);
        }
        finally
        {
            foreach (var device in devices)
            {
                await device.DisposeAsync();
            }
        }
    }
}
