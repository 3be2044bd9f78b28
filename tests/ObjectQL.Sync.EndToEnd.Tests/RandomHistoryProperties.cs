using CsCheck;
using ObjectQL.Sync.Client;
using ObjectQL.Sync.Client.Transport;
using ObjectQL.Sync.EndToEnd.Tests.Infrastructure;
using ObjectQL.Sync.TestServer;

namespace ObjectQL.Sync.EndToEnd.Tests;

/// <summary>
/// A CsCheck property over random histories against the real server: N devices (each behind its own fault proxy) write
/// to all three strategies, are partitioned and healed, sync in random orders, lose requests mid-body and answers after
/// the server committed (so the retry delivers a duplicate), and crash and restart. After quiescence every replica
/// equals the server and no acknowledged create is lost. A failure prints CsCheck's seed; set
/// <c>OBJECTQL_SYNC_HISTORIES</c> to run more histories (default 2, to keep the suite quick).
/// </summary>
public sealed class RandomHistoryProperties
{
    private enum Step { Write, Partition, Heal, Sync, DropAnswer, CutRequest, Restart }

    private sealed record Op(Step Step, int Device, int Object, int Pick, int Value)
    {
        public override string ToString() => $"{Step}(device {Device}, object {Object}, pick {Pick}, value {Value})";
    }

    private sealed record History(int Devices, Op[] Ops)
    {
        public override string ToString() => $"{Devices} devices: {string.Join("; ", Ops.Select(o => o.ToString()))}";
    }

    private static readonly Gen<Step> AnyStep = Gen.Frequency(
        (10, Gen.Const(Step.Write)), (2, Gen.Const(Step.Partition)), (2, Gen.Const(Step.Heal)), (4, Gen.Const(Step.Sync)),
        (1, Gen.Const(Step.DropAnswer)), (1, Gen.Const(Step.CutRequest)), (1, Gen.Const(Step.Restart)));

    private static readonly Gen<History> AnyHistory =
        from devices in Gen.Int[2, 3]
        from ops in Gen.Select(AnyStep, Gen.Int[0, 2], Gen.Int[0, 2], Gen.Int[0, 50], Gen.Int[0, 999])
            .Select((step, device, obj, pick, value) => new Op(step, device % devices, obj, pick, value)).Array[8, 24]
        select new History(devices, ops);

    [Test]
    public async Task After_any_history_every_replica_equals_the_server_and_no_acknowledged_create_is_lost()
    {
        var histories = Environment.GetEnvironmentVariable("OBJECTQL_SYNC_HISTORIES") is { Length: > 0 } value
            ? long.Parse(value, System.Globalization.CultureInfo.InvariantCulture) : 2;
        await AnyHistory.SampleAsync(RunAsync, iter: histories, threads: 1, writeLine: TestContext.Out.WriteLine);
    }

    private static async Task RunAsync(History history)
    {
        using var workspace = new Workspace();
        await using var server = await ServerHost.StartAsync();
        var proxies = new FaultProxy[history.Devices];
        var devices = new Device[history.Devices];
        var options = new DeviceOptions { OnConflict = (_, _) => ValueTask.FromResult(ConflictAnswer.KeepServer) };
        for (var i = 0; i < history.Devices; i++)
        {
            proxies[i] = new FaultProxy(server.Address);
            devices[i] = await Device.OpenAsync(proxies[i].Address, workspace.File($"device{i}.db"), options, $"device{i}");
        }
        var created = new List<(int Device, string Object, string Id, bool Acknowledged)>();
        var deleted = new HashSet<string>(StringComparer.Ordinal);
        try
        {
            foreach (var op in history.Ops)
            {
                var device = devices[op.Device];
                switch (op.Step)
                {
                    case Step.Write:
                        await WriteAsync(device, op, created, deleted);
                        break;
                    case Step.Partition:
                        device.GoOffline();
                        break;
                    case Step.Heal:
                        device.GoOnline();
                        break;
                    case Step.Sync:
                        if (await TrySyncAsync(device))
                        {
                            Acknowledge(created, op.Device);
                        }
                        break;
                    case Step.DropAnswer:
                        proxies[op.Device].Inject(Fault.DropResponse);
                        break;
                    case Step.CutRequest:
                        proxies[op.Device].Inject(Fault.CutRequestMidBody);
                        break;
                    case Step.Restart:
                        var online = device.Network.IsOnline;
                        await device.DisposeAsync();
                        devices[op.Device] = await Device.OpenAsync(proxies[op.Device].Address, workspace.File($"device{op.Device}.db"),
                            options with { StartOffline = !online }, $"device{op.Device}");
                        break;
                }
            }

            // Quiescence: every device online, each settles in turn, twice (the second round pulls what others pushed).
            for (var round = 0; round < 2; round++)
            {
                foreach (var device in devices)
                {
                    await device.SettleAsync();
                }
            }

            await Replicas.AssertEqualAsync(server, devices);
            foreach (var (_, objectName, id, acknowledged) in created)
            {
                if (acknowledged && !deleted.Contains(id))
                {
                    Assert.That(await server.Database.System.Object(objectName).FindOneAsync(id), Is.Not.Null, $"acknowledged {objectName} {id} was lost");
                }
            }
            await ServerLog.AssertAppliedAtMostOnceAsync(server.Database);
        }
        finally
        {
            foreach (var device in devices)
            {
                await device.DisposeAsync();
            }
            foreach (var proxy in proxies)
            {
                await proxy.DisposeAsync();
            }
        }
    }

    private static async Task WriteAsync(Device device, Op op, List<(int, string, string, bool)> created, HashSet<string> deleted)
    {
        var objectName = Replicas.Objects[op.Object];
        var repository = device.Session.Object(objectName);
        var known = await repository.FindAsync(Querying.Query.All);
        var values = op.Object switch
        {
            0 => new Record { ["title"] = $"t{op.Value}", ["rank"] = op.Value % 7 },
            1 => op.Value % 2 == 0 ? new Record { ["title"] = $"t{op.Value}" } : new Record { ["done"] = op.Value % 3 == 0, ["rank"] = op.Value % 5 },
            _ => op.Value % 2 == 0 ? new Record { ["amount"] = op.Value } : new Record { ["status"] = $"s{op.Value % 4}" },
        };
        if (known.Count == 0 || op.Value % 4 == 0)
        {
            var id = $"d{op.Device}-{Guid.NewGuid():N}";
            values["id"] = id;
            await repository.CreateAsync(values);
            created.Add((op.Device, objectName, id, false));
        }
        else if (op.Value % 17 == 0)
        {
            var victim = known[op.Pick % known.Count].Id!;
            await repository.DeleteAsync(victim);
            deleted.Add(victim);
        }
        else
        {
            await repository.UpdateAsync(known[op.Pick % known.Count].Id!, values);
        }
    }

    private static async Task<bool> TrySyncAsync(Device device)
    {
        try
        {
            await device.Client.WaitForSyncAsync();
            return true;
        }
        // Offline, a cut request or a dropped answer: the write stays pending, which is the point.
        catch (Exception exception) when (exception is SyncTransportException or ObjectQLException)
        {
            return false;
        }
    }

    // A sync that returned without error answered every write made before it.
    private static void Acknowledge(List<(int Device, string Object, string Id, bool Acknowledged)> created, int device)
    {
        for (var i = 0; i < created.Count; i++)
        {
            if (created[i].Device == device)
            {
                created[i] = created[i] with { Acknowledged = true };
            }
        }
    }
}
