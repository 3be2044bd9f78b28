using ObjectQL.Querying;

namespace ObjectQL.Sync.Client.Tests;

[TestFixtureSource(typeof(ClientHarness), nameof(ClientHarness.Stores))]
public sealed class CaptureTests(string driver)
{
    private ClientHarness _h = null!;

    [SetUp]
    public async Task SetUp() => _h = await ClientHarness.OpenAsync(driver);

    [TearDown]
    public async Task TearDown()
    {
        await _h.DisposeAsync();
        ClientHarness.Delete(_h.File);
    }

    [Test]
    public async Task Every_write_path_of_a_synced_object_is_logged_in_its_transaction()
    {
        await _h.Todos.CreateAsync(new Record { ["id"] = "t1", ["title"] = "one" });
        await _h.Todos.CreateManyAsync([new Record { ["id"] = "t2", ["title"] = "two" }, new Record { ["id"] = "t3", ["title"] = "three" }]);
        await _h.Database.Object("task").CreateAsync(new Record { ["id"] = "k1", ["title"] = "task" });
        var log = await _h.LogAsync();
        Assert.That(log.Select(r => (string)r["record_id"]!), Is.EqualTo(new[] { "t1", "t2", "t3", "k1" }));
        Assert.That(log.Select(r => (double)r["sequence"]!), Is.EqualTo(new[] { 1d, 2d, 3d, 4d }));
        Assert.That(log.All(r => (string)r["operation"]! == "create"), Is.True);
    }

    [Test]
    public async Task Objects_without_sync_pull_only_objects_and_remote_writes_are_never_logged()
    {
        await _h.Database.Object("draft").CreateAsync(new Record { ["title"] = "local" });
        await _h.Database.Object("feed").CreateAsync(new Record { ["title"] = "pulled only" });
        await _h.Database.Session.WithOrigin(new WriteOrigin { AppliesRemoteChange = true }).Object("todo").CreateAsync(new Record { ["title"] = "from server" });
        Assert.That(await _h.LogAsync(), Is.Empty);
    }

    [Test]
    public async Task A_rolled_back_transaction_logs_nothing()
    {
        Assert.ThrowsAsync<InvalidOperationException>(() => _h.Database.TransactionAsync(async (s, ct) =>
        {
            await s.Object("todo").CreateAsync(new Record { ["title"] = "gone" }, ct);
            throw new InvalidOperationException("roll back");
        }));
        Assert.That(await _h.LogAsync(), Is.Empty);
        Assert.That(await _h.Todos.CountAsync(), Is.Zero);
    }

    [Test]
    public async Task Create_then_updates_coalesce_into_one_create_and_create_then_delete_into_nothing()
    {
        await _h.Todos.CreateAsync(new Record { ["id"] = "t1", ["title"] = "a" });
        for (var i = 0; i < 25; i++)
        {
            await _h.Todos.UpdateAsync("t1", new Record { ["title"] = $"edit {i}" });
        }
        var log = await _h.LogAsync();
        Assert.That(log, Has.Count.EqualTo(1));
        Assert.That(log[0]["operation"], Is.EqualTo("create"));
        Assert.That((string)log[0]["data"]!, Does.Contain("edit 24"));

        await _h.Todos.DeleteAsync("t1");
        Assert.That(await _h.LogAsync(), Is.Empty);
    }

    [Test]
    public async Task Bulk_updates_and_deletes_are_logged_per_record()
    {
        await _h.Database.System.WithOrigin(new WriteOrigin { AppliesRemoteChange = true }).Object("todo")
            .CreateManyAsync([new Record { ["id"] = "a", ["title"] = "x" }, new Record { ["id"] = "b", ["title"] = "y" }]);
        await _h.Todos.UpdateManyAsync(null, new Record { ["done"] = true });
        await _h.Todos.DeleteByIdsAsync(["b"]);
        var log = await _h.LogAsync();
        Assert.That(log.Select(r => ((string)r["record_id"]!, (string)r["operation"]!)), Is.EquivalentTo(new[] { ("a", "update"), ("b", "delete") }));
        Assert.That((string)log.Single(r => (string)r["record_id"]! == "a")["data"]!, Is.EqualTo("{\"done\":true}"));
    }

    [Test]
    public async Task An_update_that_changes_nothing_is_not_logged()
    {
        await _h.Database.System.WithOrigin(new WriteOrigin { AppliesRemoteChange = true }).Object("todo").CreateAsync(new Record { ["id"] = "a", ["title"] = "x" });
        await _h.Todos.UpdateAsync("a", new Record { ["title"] = "x" });
        Assert.That(await _h.LogAsync(), Is.Empty);
    }
}
