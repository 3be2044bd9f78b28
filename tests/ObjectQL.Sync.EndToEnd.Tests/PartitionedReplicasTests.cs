using ObjectQL.Sync.Client;
using ObjectQL.Sync.EndToEnd.Tests.Infrastructure;
using ObjectQL.Sync.TestServer;

namespace ObjectQL.Sync.EndToEnd.Tests;

/// <summary>
/// SY-5.3 and SY-5.4: three devices write at random while partitioned, then reconnect, and every replica holds exactly
/// the server's records (canonical JSON); a batch of 1000 local writes syncs and reaches another device.
/// </summary>
public sealed class PartitionedReplicasTests
{
    [TestCase(1)]
    [TestCase(2)]
    public async Task Three_devices_writing_at_random_while_partitioned_end_with_the_servers_data_after_reconnect(int seed)
    {
        TestContext.Out.WriteLine($"seed {seed}");
        var random = new Random(seed);
        await using var server = await ServerHost.StartAsync();
        using var workspace = new Workspace();
        var options = new DeviceOptions { OnConflict = (conflict, _) => ValueTask.FromResult(ConflictAnswer.AcceptSuggestion(conflict)) };
        var devices = new List<Device>();
        try
        {
            for (var i = 0; i < 3; i++)
            {
                devices.Add(await Device.OpenAsync(server.Address, workspace.File($"device{i}.db"), options, $"device{i}"));
            }
            // Shared records everyone starts from.
            foreach (var objectName in Replicas.Objects)
            {
                for (var i = 0; i < 3; i++)
                {
                    await devices[0].Session.Object(objectName).CreateAsync(Values(objectName, random));
                }
            }
            foreach (var device in devices.Concat(devices))
            {
                await device.SyncAsync();
            }

            devices.ForEach(d => d.GoOffline());
            for (var step = 0; step < 60; step++)
            {
                var device = devices[random.Next(devices.Count)];
                var objectName = Replicas.Objects[random.Next(Replicas.Objects.Length)];
                var repository = device.Session.Object(objectName);
                var known = await repository.FindAsync(Querying.Query.All);
                var roll = random.Next(10);
                if (roll < 3 || known.Count == 0)
                {
                    await repository.CreateAsync(Values(objectName, random));
                }
                else if (roll == 9)
                {
                    await repository.DeleteAsync(known[random.Next(known.Count)].Id!);
                }
                else
                {
                    await repository.UpdateAsync(known[random.Next(known.Count)].Id!, Values(objectName, random));
                }
            }

            foreach (var device in devices.OrderBy(_ => random.Next()).Concat(devices))
            {
                await device.SettleAsync();
            }
            await Replicas.AssertEqualAsync(server, [.. devices]);
            Assert.That(devices.Select(d => d.Client.Status.Parked.Count), Is.All.Zero);
        }
        finally
        {
            foreach (var device in devices)
            {
                await device.DisposeAsync();
            }
        }
    }

    [Test]
    public async Task A_batch_of_1000_local_writes_syncs_once_and_reaches_another_device()
    {
        await using var server = await ServerHost.StartAsync();
        using var workspace = new Workspace();
        await using var phone = await Device.OpenAsync(server.Address, workspace.File("phone.db"), new DeviceOptions { StartOffline = true });
        await using var laptop = await Device.OpenAsync(server.Address, workspace.File("laptop.db"));

        var created = await phone.Notes.CreateManyAsync([.. Enumerable.Range(0, 1000).Select(i => new Record { ["title"] = $"note {i}", ["rank"] = i })]);
        await Eventually.HoldsAsync(() => phone.Client.Status.PendingCount == 1000, () => $"pending {phone.Client.Status.PendingCount}, expected 1000");
        await phone.SyncAsync();
        await laptop.SyncAsync();

        Assert.That(await server.Database.System.Object(SyncTestModel.NoteName).CountAsync(), Is.EqualTo(1000));
        Assert.That(await laptop.Notes.CountAsync(), Is.EqualTo(1000));
        await ServerLog.AssertAppliedAtMostOnceAsync(server.Database);
        Assert.That(created.Select(n => n.Id), Is.Unique);
        await Replicas.AssertEqualAsync(server, phone, laptop);
    }

    private static Record Values(string objectName, Random random) => objectName switch
    {
        SyncTestModel.NoteName => new Record { ["title"] = $"note {random.Next(1000)}", ["writer"] = $"w{random.Next(3)}", ["rank"] = random.Next(10) },
        SyncTestModel.TodoName => random.Next(2) == 0
            ? new Record { ["title"] = $"todo {random.Next(1000)}", ["rank"] = random.Next(10) }
            : new Record { ["done"] = random.Next(2) == 0, ["notes"] = $"n{random.Next(100)}" },
        _ => random.Next(2) == 0 ? new Record { ["amount"] = random.Next(1000), ["customer"] = $"c{random.Next(5)}" } : new Record { ["status"] = $"s{random.Next(4)}" },
    };
}
