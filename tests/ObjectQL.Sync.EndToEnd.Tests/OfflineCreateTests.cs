using ObjectQL.Sync.EndToEnd.Tests.Infrastructure;
using ObjectQL.Sync.TestServer;

namespace ObjectQL.Sync.EndToEnd.Tests;

/// <summary>SY-5.1: a record created offline reaches the server once the device reconnects, exactly once.</summary>
public sealed class OfflineCreateTests
{
    [Test]
    public async Task A_record_created_offline_reaches_the_server_once_after_reconnect_and_further_syncs()
    {
        await using var server = await ServerHost.StartAsync();
        using var workspace = new Workspace();
        await using var phone = await Device.OpenAsync(server.Address, workspace.File("phone.db"), new DeviceOptions { StartOffline = true });

        var note = await phone.Notes.CreateAsync(new Record { ["title"] = "written on the train", ["rank"] = 3 });
        Assert.That(await phone.Notes.FindOneAsync(note.Id!), Is.Not.Null, "offline, the app reads its own write");
        // The status follows the log after the write commits (StatusChanged), not within the write call.
        await Eventually.HoldsAsync(() => phone.Client.Status.PendingCount == 1, () => $"pending {phone.Client.Status.PendingCount}, expected 1");
        Assert.That(await server.Database.System.Object(SyncTestModel.NoteName).CountAsync(), Is.Zero, "nothing is sent while offline");

        await phone.SyncAsync();
        await phone.SyncAsync();
        await phone.Client.SyncNowAsync();

        var onServer = await server.Database.System.Object(SyncTestModel.NoteName).FindOneAsync(note.Id!);
        Assert.That(onServer?["title"], Is.EqualTo("written on the train"));
        Assert.That(await server.Database.System.Object(SyncTestModel.NoteName).CountAsync(), Is.EqualTo(1));
        Assert.That(await ServerLog.CreatesOfAsync(server.Database, SyncTestModel.NoteName, note.Id!), Is.EqualTo(1));
        Assert.That((phone.Client.Status.PendingCount, phone.Client.Status.Parked.Count), Is.EqualTo((0, 0)));
    }

    [Test]
    public async Task A_record_created_offline_before_a_restart_is_sent_once_by_the_restarted_client()
    {
        await using var server = await ServerHost.StartAsync();
        using var workspace = new Workspace();
        string id;
        await using (var phone = await Device.OpenAsync(server.Address, workspace.File("phone.db"), new DeviceOptions { StartOffline = true }))
        {
            id = (await phone.Notes.CreateAsync(new Record { ["title"] = "before the restart" })).Id!;
        }

        await using var restarted = await Device.OpenAsync(server.Address, workspace.File("phone.db"));
        await restarted.SyncAsync();

        Assert.That((await server.Database.System.Object(SyncTestModel.NoteName).FindOneAsync(id))?["title"], Is.EqualTo("before the restart"));
        Assert.That(await ServerLog.CreatesOfAsync(server.Database, SyncTestModel.NoteName, id), Is.EqualTo(1));
        Assert.That(restarted.Client.Status.PendingCount, Is.Zero);
    }
}
