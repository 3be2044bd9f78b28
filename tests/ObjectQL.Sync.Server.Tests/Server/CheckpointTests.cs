using Microsoft.Extensions.Time.Testing;
using ObjectQL.Sync.Protocol;
using ObjectQL.Sync.Server.Handling;
using ObjectQL.Sync.Server.Tests.Support;

namespace ObjectQL.Sync.Server.Tests.Server;

/// <summary>Checkpoints: bound to the client, carrying database identity and epoch, rotating keys, retention (RFC 5).</summary>
public class CheckpointTests
{
    internal static async Task WriteAsync(SyncHarness harness, string id) =>
        await harness.Database.Object(TestModel.Todo).CreateAsync(new Record { ["id"] = id, ["title"] = id });

    [Test]
    public async Task A_checkpoint_of_another_client_or_an_altered_one_is_refused()
    {
        await using var harness = await SyncHarness.OpenSqliteAsync();
        var a = new TestClient("same-user");
        await a.SyncAsync(harness.Server);
        var b = new TestClient("same-user") { Checkpoint = a.Checkpoint };
        var error = Assert.ThrowsAsync<SyncRequestException>(() => b.SyncAsync(harness.Server));
        Assert.That((error!.StatusCode, error.Body.Error.Code), Is.EqualTo((400, SyncErrorCodes.InvalidCheckpoint)));
        a.Checkpoint = a.Checkpoint![..^2] + (a.Checkpoint[^2] == 'A' ? "B" : "A") + a.Checkpoint[^1];
        Assert.That(Assert.ThrowsAsync<SyncRequestException>(() => a.SyncAsync(harness.Server))!.StatusCode, Is.EqualTo(400));
    }

    [Test]
    public async Task A_checkpoint_from_another_database_needs_a_resync_naming_the_epoch()
    {
        await using var first = await SyncHarness.OpenSqliteAsync();
        await using var second = await SyncHarness.OpenSqliteAsync();
        var client = new TestClient();
        await client.SyncAsync(first.Server);
        var response = await client.SyncAsync(second.Server);
        Assert.That((response.ResyncRequired, response.ResyncReason), Is.EqualTo((true, (ResyncReason?)ResyncReason.Epoch)));
        Assert.That(response.ServerChanges, Is.Empty);
        Assert.That((await client.SyncAsync(second.Server)).ResyncRequired, Is.False, "the resync checkpoint starts a snapshot");
    }

    [Test]
    public async Task Keys_rotate_older_ones_still_verify_and_a_retired_one_means_a_resync()
    {
        var directory = SyncHarness.NewDirectory();
        var client = new TestClient("rotating-user");
        await using (var harness = await SyncHarness.OpenSqliteAsync(directory: directory))
        {
            await client.SyncAsync(harness.Server);
        }
        var signedWithKeyOne = client.Checkpoint;
        var rotated = SyncHarness.Options() with { CheckpointKeys = new Dictionary<byte, byte[]> { [1] = SyncHarness.Key(7), [2] = SyncHarness.Key(9) }, CurrentCheckpointKeyId = 2 };
        await using (var harness = await SyncHarness.OpenSqliteAsync(rotated, directory))
        {
            var response = await client.SyncAsync(harness.Server);
            Assert.That(response.ResyncRequired, Is.False, "key 1 still verifies");
        }
        var retired = rotated with { CheckpointKeys = new Dictionary<byte, byte[]> { [2] = SyncHarness.Key(9) } };
        await using (var harness = await SyncHarness.OpenSqliteAsync(retired, directory))
        {
            Assert.That((await client.SyncAsync(harness.Server)).ResyncRequired, Is.False, "key 2 signed the last one");
            client.Checkpoint = signedWithKeyOne;
            Assert.That((await client.SyncAsync(harness.Server)).ResyncReason, Is.EqualTo(ResyncReason.Format), "key 1 is retired: a resync, not an error");
        }
        Directory.Delete(directory, recursive: true);
    }

    [Test]
    public async Task Pruning_past_the_retention_window_makes_older_checkpoints_resync()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var harness = await SyncHarness.OpenSqliteAsync(SyncHarness.Options(time: time));
        var client = new TestClient();
        await client.SyncAsync(harness.Server, client.Create(TestModel.Todo, "p1", ("title", "old")));
        await harness.Database.Object(TestModel.Todo).DeleteAsync("p1");
        time.Advance(TimeSpan.FromDays(31));
        await WriteAsync(harness, "fresh");

        var pruned = await harness.Server.PruneAsync();

        Assert.That(pruned.Commits, Is.EqualTo(2));
        Assert.That(pruned.PrunedThrough, Is.EqualTo(2));
        Assert.That(pruned.Mutations, Is.EqualTo(1));
        Assert.That(pruned.Tombstones, Is.EqualTo(1));
        var response = await client.SyncAsync(harness.Server);
        Assert.That(response.ResyncReason, Is.EqualTo(ResyncReason.Retention));
        Assert.That((await new TestClient().PullAllAsync(harness.Server)).Select(c => c.RecordId), Is.EqualTo(new[] { "fresh" }));
    }

    [Test]
    public async Task A_log_whose_every_commit_is_past_retention_keeps_its_newest_commit_so_pulls_still_end()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var harness = await SyncHarness.OpenSqliteAsync(SyncHarness.Options(time: time));
        var old = new TestClient();
        await old.SyncAsync(harness.Server, old.Create(TestModel.Todo, "p1", ("title", "first")));
        await WriteAsync(harness, "second");
        time.Advance(TimeSpan.FromDays(31));

        var pruned = await harness.Server.PruneAsync();

        Assert.That(pruned.Commits, Is.EqualTo(1), "the newest commit stays: it holds the head");
        var resync = await old.SyncAsync(harness.Server);
        Assert.That(resync.ResyncReason, Is.EqualTo(ResyncReason.Retention));
        var snapshot = await old.PullAllAsync(harness.Server);
        Assert.That(snapshot.Select(c => c.RecordId).Order(), Is.EqualTo(new[] { "p1", "second" }));
        var next = await old.SyncAsync(harness.Server);
        Assert.That((next.ResyncRequired, next.HasMore, next.ServerChanges.Count), Is.EqualTo((false, false, 0)));
    }

    [Test]
    public async Task Pruning_stops_at_the_first_position_still_inside_the_window_even_when_later_ones_are_older()
    {
        var start = DateTimeOffset.UtcNow;
        var time = new SettableTime(start.AddDays(10));
        await using var harness = await SyncHarness.OpenSqliteAsync(SyncHarness.Options(time: time));
        var client = new TestClient();
        await client.SyncAsync(harness.Server, client.Create(TestModel.Todo, "newer", ("title", "at position 1")));
        // Positions 2 and 3 get older commit times than position 1, as two instances' clocks a little apart can give.
        time.Now = start;
        await WriteAsync(harness, "older");
        await WriteAsync(harness, "newest-position");
        time.Now = start.AddDays(31);

        var pruned = await harness.Server.PruneAsync();

        Assert.That((pruned.Commits, pruned.PrunedThrough), Is.EqualTo((0L, 0L)), "position 1 is inside the window, so nothing after it may go");
        var response = await client.SyncAsync(harness.Server);
        Assert.That(response.ResyncRequired, Is.False);
        Assert.That(response.ServerChanges.Select(c => c.RecordId), Is.EqualTo(new[] { "older", "newest-position" }));
        time.Now = start.AddDays(41);
        Assert.That((await harness.Server.PruneAsync()).PrunedThrough, Is.EqualTo(2), "once position 1 expires the whole run goes, the head's commit stays");
    }

    private sealed class SettableTime(DateTimeOffset now) : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = now;

        public override DateTimeOffset GetUtcNow() => Now;
    }

    [Test]
    public async Task A_change_of_the_callers_roles_needs_a_resync_naming_permissions()
    {
        await using var harness = await SyncHarness.OpenSqliteAsync();
        var client = new TestClient("role-user");
        await client.SyncAsync(harness.Server);
        var promoted = await harness.Server.HandleAsync(client.Request(), ObjectQLContext.ForUser("role-user", TestModel.Role, "admin"));
        Assert.That(promoted.ResyncReason, Is.EqualTo(ResyncReason.Permissions));
    }
}
