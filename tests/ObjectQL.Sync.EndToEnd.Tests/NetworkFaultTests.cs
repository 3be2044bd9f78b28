using ObjectQL.Sync.EndToEnd.Tests.Infrastructure;
using ObjectQL.Sync.TestServer;

namespace ObjectQL.Sync.EndToEnd.Tests;

/// <summary>
/// SY-5.5: a device syncs through <see cref="FaultProxy"/> (a real TCP relay on loopback) that cuts requests mid-body,
/// drops answers after the server committed, delays answers past the client's timeout, resets connections and trickles
/// answers. Afterwards every mutation was applied exactly once and nothing is lost.
/// </summary>
public sealed class NetworkFaultTests
{
    [TestCase(Fault.CutRequestMidBody)]
    [TestCase(Fault.DropResponse)]
    [TestCase(Fault.Delay)]
    [TestCase(Fault.Reset)]
    [TestCase(Fault.Trickle)]
    public async Task Every_mutation_is_applied_exactly_once_and_nothing_is_lost_through(Fault fault)
    {
        await using var server = await ServerHost.StartAsync();
        await using var proxy = new FaultProxy(server.Address) { Delay = TimeSpan.FromSeconds(1) };
        using var workspace = new Workspace();
        // The delayed answer arrives after the client gave up on it: the server has committed, the client retries.
        await using var phone = await Device.OpenAsync(proxy.Address, workspace.File("phone.db"), new DeviceOptions { StartOffline = true, RequestTimeout = TimeSpan.FromMilliseconds(400) });
        await using var laptop = await Device.OpenAsync(server.Address, workspace.File("laptop.db"));

        var expected = await WriteRoundAsync(phone, "first");
        proxy.Inject(fault, fault);
        await phone.SettleAsync();
        expected.AddRange(await WriteRoundAsync(phone, "second"));
        proxy.Inject(fault);
        await phone.SettleAsync();
        await laptop.SyncAsync();

        Assert.That(proxy.Injected(fault), Is.GreaterThanOrEqualTo(2), "the faults were met");
        await AssertExactlyOnceAsync(server, phone, expected);
        await Replicas.AssertEqualAsync(server, phone, laptop);
    }

    [Test]
    public async Task Every_mutation_is_applied_exactly_once_through_a_mix_of_every_fault()
    {
        await using var server = await ServerHost.StartAsync();
        await using var proxy = new FaultProxy(server.Address) { Delay = TimeSpan.FromSeconds(1) };
        using var workspace = new Workspace();
        await using var phone = await Device.OpenAsync(proxy.Address, workspace.File("phone.db"), new DeviceOptions { StartOffline = true, RequestTimeout = TimeSpan.FromMilliseconds(400) });
        var expected = new List<string>();
        var faults = new[] { Fault.DropResponse, Fault.CutRequestMidBody, Fault.Reset, Fault.Delay, Fault.Trickle, Fault.DropResponse };
        for (var round = 0; round < faults.Length; round++)
        {
            expected.AddRange(await WriteRoundAsync(phone, $"round {round}"));
            proxy.Inject(faults[round], faults[(round + 1) % faults.Length]);
            await phone.SettleAsync();
        }

        Assert.That(proxy.Queued, Is.Zero, "every fault was met");
        await AssertExactlyOnceAsync(server, phone, expected);
        await Replicas.AssertEqualAsync(server, phone);
    }

    // Three creates, an update of one, and a delete of another: the ids that must be on the server.
    private static async Task<List<string>> WriteRoundAsync(Device device, string round)
    {
        var ids = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            ids.Add((await device.Notes.CreateAsync(new Record { ["title"] = $"{round} {i}", ["rank"] = i })).Id!);
        }
        await device.Notes.UpdateAsync(ids[0], new Record { ["title"] = $"{round} 0 edited" });
        await device.Notes.DeleteAsync(ids[2]);
        ids.RemoveAt(2);
        return ids;
    }

    private static async Task AssertExactlyOnceAsync(ServerHost server, Device device, List<string> expected)
    {
        var notes = await server.Database.System.Object(SyncTestModel.NoteName).FindAsync(Querying.Query.All);
        Assert.That(notes.Select(n => n.Id), Is.EquivalentTo(expected), "every surviving note on the server, once");
        Assert.That(notes.Count(n => ((string)n["title"]!).EndsWith(" 0 edited", StringComparison.Ordinal)), Is.EqualTo(expected.Count / 2), "every update arrived");
        foreach (var id in expected)
        {
            Assert.That(await ServerLog.CreatesOfAsync(server.Database, SyncTestModel.NoteName, id), Is.EqualTo(1), $"{id} created once");
        }
        await ServerLog.AssertAppliedAtMostOnceAsync(server.Database);
        Assert.That((device.Client.Status.PendingCount, device.Client.Status.Parked.Count), Is.EqualTo((0, 0)));
    }
}
