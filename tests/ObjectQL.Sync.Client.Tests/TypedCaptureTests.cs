using ObjectQL.Sync.Client.Tests.Model;

namespace ObjectQL.Sync.Client.Tests;

public sealed class TypedCaptureTests
{
    [Test]
    public async Task Writes_through_a_generated_repository_are_logged_and_pushed()
    {
        var server = new FakeServer();
        var plugin = new SyncClientPlugin(new SyncClientOptions { ServerUrl = new Uri("http://127.0.0.1:9/") }, server);
        await using var db = await ObjectQLDatabase.CreateBuilder().UseDriver(new Drivers.Memory.MemoryDriver()).AddModel(AppModel.Objects).AddPlugin(plugin).OpenAsync();
        var tasks = db.TypedTasks();
        var created = await tasks.CreateAsync(new TypedTask { Title = "typed" });
        await using var client = await plugin.StartAsync();
        await client.WaitForSyncAsync();
        await tasks.UpdateAsync(created.Id!, new TypedTaskPatch { Done = true });
        await client.WaitForSyncAsync();
        await tasks.DeleteAsync(created.Id!);
        await client.WaitForSyncAsync();

        var sent = server.Requests.SelectMany(r => r.Mutations).ToList();
        Assert.That(sent.Select(m => m.Operation), Is.EqualTo(new[] { Protocol.MutationOperation.Create, Protocol.MutationOperation.Update, Protocol.MutationOperation.Delete }));
        Assert.That(sent[1].Data!.Keys, Is.EqualTo(new[] { "done" }));
        Assert.That((sent[1].BaseVersion, sent[2].BaseVersion), Is.EqualTo(((long?)1, (long?)2)));
        Assert.That(server.Records["typed_task/" + created.Id].Data, Is.Null, "deleted on the server");
    }
}
