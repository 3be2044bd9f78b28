namespace ObjectQL.Sync.Client.Tests;

// One local store, one engine: a second engine on the same store is refused with a clear error while the first runs,
// in another process or in this one, and takes over once the first is gone.
public sealed class EngineLeaseTests
{
    private string _file = null!;

    [SetUp]
    public void SetUp() => _file = Path.Combine(Path.GetTempPath(), $"objectql-lease-{Guid.NewGuid():N}.db");

    [TearDown]
    public void TearDown() => ClientHarness.Delete(_file);

    [Test]
    public async Task A_second_process_is_refused_while_the_first_engine_runs_and_takes_over_after_it_is_killed()
    {
        await using var h = await ClientHarness.OpenAsync("sqlite", file: _file);
        await using (await CrashApp.StartAsync("hold-engine", _file, "ENGINE"))
        {
            var error = Assert.ThrowsAsync<ObjectQLException>(() => h.Plugin.StartAsync());
            Assert.That((error!.Code, error.Details[0].Field, error.Details[0].Reason), Is.EqualTo((ErrorCodes.Conflict, "lease", "engine_running")));
            Assert.That(error.Message, Does.Contain("already runs on this local store"));
            Assert.That(h.Plugin.Client, Is.Null);
        }
        // The holder was a process of this machine that no longer runs: no need to wait for its lease to expire.
        var client = await h.StartAsync();
        await h.Todos.CreateAsync(new Record { ["id"] = "after", ["title"] = "x" });
        await client.WaitForSyncAsync();
        Assert.That(h.Server.Records.Keys, Does.Contain("todo/after"));
    }

    [TestCaseSource(typeof(ClientHarness), nameof(ClientHarness.DurableStores))]
    public async Task Two_clients_on_one_store_in_one_process_the_second_is_refused_until_the_first_is_disposed(string store)
    {
        await using var first = await ClientHarness.OpenAsync(store, file: store == "sqlite" ? _file : null);
        await using var second = await ClientHarness.OpenAsync(store, file: first.File);
        try
        {
            var running = await first.StartAsync();
            var error = Assert.ThrowsAsync<ObjectQLException>(() => second.Plugin.StartAsync());
            Assert.That((error!.Code, error.Details[0].Reason), Is.EqualTo((ErrorCodes.Conflict, "engine_running")));

            await running.DisposeAsync();
            var taken = await second.StartAsync();
            Assert.That(taken.ClientId, Is.EqualTo(running.ClientId), "the same store, the same client id");
        }
        finally
        {
            if (store == "postgres")
            {
                await second.DisposeAsync();
                await first.DisposeAsync();
                ClientHarness.Delete(first.File);
            }
        }
    }

    [Test]
    public async Task An_engine_whose_lease_another_took_over_stops_syncing_and_reports_it()
    {
        await using var first = await ClientHarness.OpenAsync("sqlite", file: _file);
        var running = await first.StartAsync();
        // Another engine (on another machine, say) found the lease expired and took it.
        await first.Database.System.Object("_objectql_client_state").UpdateAsync("client", new Record { ["lease_owner"] = "elsewhere/1/x", ["lease_expires"] = 1e15 });
        first.Time.Advance(TimeSpan.FromSeconds(21));
        await first.Todos.CreateAsync(new Record { ["id"] = "t1", ["title"] = "x" });
        var error = Assert.ThrowsAsync<ObjectQLException>(() => running.WaitForSyncAsync());
        Assert.That(error!.Details[0].Reason, Is.EqualTo("engine_replaced"));
        Assert.That(running.Status.LastError?.Code, Is.EqualTo(ErrorCodes.Conflict));
        Assert.That(first.Server.Requests.SelectMany(r => r.Mutations), Is.Empty, "nothing was pushed after the lease was lost");
    }
}
