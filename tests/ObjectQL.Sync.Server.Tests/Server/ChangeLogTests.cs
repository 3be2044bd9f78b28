using ObjectQL.Querying;
using ObjectQL.Sync.Protocol;
using ObjectQL.Sync.Server.Tests.Model;
using ObjectQL.Sync.Server.Tests.Support;

namespace ObjectQL.Sync.Server.Tests.Server;

/// <summary>Every write path lands in the change log, in the data's transaction, and is pulled exactly once.</summary>
public class ChangeLogTests
{
    [Test]
    public async Task The_servers_own_rows_carry_the_system_fields_read_of_them_and_publish_no_change_events()
    {
        await using var harness = await SyncHarness.OpenSqliteAsync();
        var db = harness.Database;
        var pusher = new TestClient();
        // Binds the client first: its row is created once, through the pipeline.
        await pusher.PullAllAsync(harness.Server);
        var published = new List<string>();
        using var subscription = db.Changes.Subscribe((change, _) =>
        {
            lock (published)
            {
                published.Add(change.ObjectName);
            }
            return ValueTask.CompletedTask;
        });
        var before = DateTimeOffset.UtcNow.AddSeconds(-1);

        var pushed = await pusher.SyncAsync(harness.Server, pusher.Create(TestModel.Todo, "own", ("title", "own")));

        Assert.That(pushed.Results[0], Is.TypeOf<SyncMutationApplied>());
        string[] own = ["objectql_sync_change", "objectql_sync_commit", "objectql_sync_record", "objectql_sync_mutation"];
        Assert.That(published, Does.Contain(TestModel.Todo), "the pushed record's change is published");
        // A batch-only store saves the client's row through the pipeline (SyncServer.Batched.cs); the log's rows never are.
        Assert.That(published.Intersect(own), Is.Empty, "none of the log's own rows is published");
        foreach (var objectName in own)
        {
            var rows = await db.System.Object(objectName).FindAsync(new Query());
            Assert.That(rows, Has.Count.EqualTo(1), objectName);
            Assert.That(rows[0].Id, Is.Not.Null.And.Not.Empty, objectName);
        }
        // The clock row is updated and pruned by its update time: stamped as the pipeline stamps a system write.
        var clockRow = (await db.System.Object("objectql_sync_record").FindAsync(new Query()))[0];
        Assert.That(clockRow["_version"], Is.EqualTo(1L));
        Assert.That(clockRow["created_at"], Is.TypeOf<DateTimeOffset>().And.GreaterThan(before));
        Assert.That(clockRow["updated_at"], Is.EqualTo(clockRow["created_at"]));
        // Insert-only rows carry what is read of them: the answer its creation time (the prune's cutoff), the change and
        // commit rows their id alone (LogRowStampsTests).
        var answer = (await db.System.Object("objectql_sync_mutation").FindAsync(new Query()))[0];
        Assert.That(answer["created_at"], Is.TypeOf<DateTimeOffset>().And.GreaterThan(before));
        Assert.That(answer["created_by"], Is.Null);
    }

    [Test]
    public async Task Every_write_path_lands_in_the_log_and_is_pulled_exactly_once()
    {
        await using var harness = await SyncHarness.OpenSqliteAsync();
        var db = harness.Database;
        var reader = new TestClient();
        Assert.That(await reader.PullAllAsync(harness.Server), Is.Empty);

        // A hook's own write: creating a note also writes a todo through the hook's session, in the same transaction.
        db.Hooks.On(HookTiming.After, HookOperation.Create, TestModel.Note, async (context, ct) =>
        {
            if (context.Data?["title"] as string == "with hook")
            {
                await context.Session.Object(TestModel.Todo).CreateAsync(new Record { ["id"] = "hook-todo", ["title"] = "written by a hook" }, ct);
            }
        });

        await db.TodoItems().CreateAsync(new TodoItem { Id = "typed", Title = "typed" });
        await db.Object(TestModel.Todo).CreateAsync(new Record { ["id"] = "untyped", ["title"] = "untyped" });
        await db.Object(TestModel.Todo).CreateManyAsync([new Record { ["id"] = "bulk-1", ["title"] = "bulk" }, new Record { ["id"] = "bulk-2", ["title"] = "bulk" }]);
        await db.Object(TestModel.Todo).UpdateManyAsync(new Filter.Comparison("title", FilterOperator.Eq, "bulk"), new Record { ["done"] = true });
        await db.Object(TestModel.Todo).DeleteByIdsAsync(["bulk-2"]);
        await db.Object(TestModel.Note).CreateAsync(new Record { ["id"] = "hooked", ["title"] = "with hook" });
        var pusher = new TestClient();
        var pushed = await pusher.SyncAsync(harness.Server, pusher.Create(TestModel.Todo, "pushed", ("title", "pushed")));
        Assert.That(pushed.Results[0], Is.TypeOf<SyncMutationApplied>());
        await db.Object(TestModel.Unsynced).CreateAsync(new Record { ["title"] = "never logged" });

        var changes = await reader.PullAllAsync(harness.Server);
        var seen = changes.Select(c => $"{c.ObjectName}/{c.RecordId}/{c.Operation}/{c.ServerVersion}").ToList();
        Assert.That(seen, Is.EqualTo(new[]
        {
            "todo_item/typed/Create/1",
            "todo_item/untyped/Create/1",
            "todo_item/bulk-1/Create/1",
            // bulk-2 is gone: its earlier rows are not sent, its delete says all a replica needs.
            "todo_item/bulk-1/Update/2",
            "todo_item/bulk-2/Delete/3",
            // The hook wrote during the note's create, so its row comes first in the transaction's write order.
            "todo_item/hook-todo/Create/1",
            "note/hooked/Create/1",
            "todo_item/pushed/Create/1",
        }));
        Assert.That(changes.Single(c => c.RecordId == "bulk-1" && c.Operation == MutationOperation.Update).Data!["done"].GetBoolean(), Is.True,
            "a change carries the full post-image, not the writer's diff");
        Assert.That(changes.Single(c => c.RecordId == "bulk-1" && c.Operation == MutationOperation.Update).Data!["title"].GetString(), Is.EqualTo("bulk"));
        Assert.That(await reader.PullAllAsync(harness.Server), Is.Empty, "nothing twice");
    }

    [Test]
    public async Task A_rolled_back_transaction_leaves_no_change_and_takes_no_position()
    {
        await using var harness = await SyncHarness.OpenSqliteAsync();
        var db = harness.Database;
        Assert.ThrowsAsync<InvalidOperationException>(() => db.TransactionAsync(async (session, ct) =>
        {
            await session.Object(TestModel.Todo).CreateAsync(new Record { ["id"] = "gone", ["title"] = "rolled back" }, ct);
            throw new InvalidOperationException("roll back");
        }));
        await db.Object(TestModel.Todo).CreateAsync(new Record { ["id"] = "kept", ["title"] = "kept" });
        var changes = await new TestClient().PullAllAsync(harness.Server);
        Assert.That(changes.Select(c => c.RecordId), Is.EqualTo(new[] { "kept" }));
        var commits = await db.System.Object("objectql_sync_commit").FindAsync(Query.All);
        Assert.That(commits.Select(c => Convert.ToInt64(c["position"], System.Globalization.CultureInfo.InvariantCulture)), Is.EqualTo(new[] { 1L }));
    }

    [Test]
    public async Task A_transaction_that_fails_after_taking_its_position_is_stepped_over_by_pulls_and_snapshots()
    {
        await using var harness = await SyncHarness.OpenSqliteAsync();
        await PositionHoles.AssertPullsStepOverAsync(harness.Database, harness.Server);
    }
}
