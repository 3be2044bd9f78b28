using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using ObjectQL.Sync.Client.Transport;

namespace ObjectQL.Sync.Client.Tests;

public sealed class DurabilityTests
{
    [TestCaseSource(typeof(ClientHarness), nameof(ClientHarness.DurableStores))]
    public async Task Log_client_id_sequence_and_clock_survive_a_reopen_and_the_epoch_rises(string store)
    {
        string clientId;
        string file;
        string firstClock;
        await using (var first = await ClientHarness.OpenAsync(store))
        {
            file = first.File!;
            clientId = (await first.StartAsync()).ClientId;
            await first.Client.DisposeAsync();
            await first.Todos.CreateAsync(new Record { ["id"] = "a", ["title"] = "x" });
            firstClock = (string)(await first.LogAsync())[0]["clock"]!;
        }
        try
        {
            await using var second = await ClientHarness.OpenAsync(store, file: file);
            await second.Todos.CreateAsync(new Record { ["id"] = "b", ["title"] = "y" });
            var log = await second.LogAsync();
            Assert.That(log.Select(r => (double)r["sequence"]!), Is.EqualTo(new[] { 1d, 2d }));
            Assert.That(string.CompareOrdinal((string)log[1]["clock"]!, firstClock), Is.Positive, "the clock never goes back across a restart");
            var client = await second.StartAsync();
            Assert.That(client.ClientId, Is.EqualTo(clientId));
            await client.WaitForSyncAsync();
            Assert.That(second.Server.Requests[^1].ClientEpoch, Is.EqualTo(2));
            Assert.That(second.Server.Records.Keys, Is.EquivalentTo(new[] { "todo/a", "todo/b" }));
        }
        finally
        {
            ClientHarness.Delete(file);
        }
    }

    [Test]
    public void Options_out_of_range_are_refused_naming_the_setting()
    {
        var error = Assert.Throws<ObjectQLException>(() => new SyncClientPlugin(new SyncClientOptions { MaxRetries = -1 }));
        Assert.That((error!.Code, error.Details[0].Field), Is.EqualTo((ErrorCodes.InvalidRequest, "MaxRetries")));
    }

    [Test]
    public async Task Services_register_the_plugin_options_and_transport()
    {
        var services = new ServiceCollection();
        services.AddObjectQLSyncClient(o => { o.ServerUrl = new Uri("https://sync.example.test/"); o.MaxRetries = 3; });
        await using var provider = services.BuildServiceProvider();
        Assert.That(provider.GetRequiredService<IOptions<SyncClientOptions>>().Value.MaxRetries, Is.EqualTo(3));
        Assert.That(((HttpSyncTransport)provider.GetRequiredService<ISyncTransport>()).Endpoint, Is.EqualTo(new Uri("https://sync.example.test/api/sync")));
        Assert.That(provider.GetServices<IObjectQLPlugin>().Single(), Is.SameAs(provider.GetRequiredService<SyncClientPlugin>()));
    }
}
