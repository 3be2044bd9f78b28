using ObjectQL.Sync.Server.Tests.Support;

namespace ObjectQL.Sync.Server.Tests;

/// <summary>
/// A transaction that fails after it took its commit position (a later before-commit step throws): on PostgreSQL the
/// position is gone for good (a hole), on SQLite it is given back. Either way pulls and first syncs go on without a
/// resync and without the failed change.
/// </summary>
internal static class PositionHoles
{
    public static async Task AssertPullsStepOverAsync(ObjectQLDatabase db, SyncServer server)
    {
        var reader = new TestClient("reader");
        await reader.PullAllAsync(server);
        await db.Object(TestModel.Todo).CreateAsync(new Record { ["id"] = "before", ["title"] = "before" });
        var fail = true;
        db.Changes.SubscribeBeforeCommit((_, _) => Volatile.Read(ref fail) ? throw new InvalidOperationException("fails after the position") : ValueTask.CompletedTask);
        Assert.ThrowsAsync<InvalidOperationException>(() => db.Object(TestModel.Todo).CreateAsync(new Record { ["id"] = "failed", ["title"] = "failed" }));
        Volatile.Write(ref fail, false);
        await db.Object(TestModel.Todo).CreateAsync(new Record { ["id"] = "after", ["title"] = "after" });

        var first = await reader.PullAllAsync(server);
        Assert.That(first.Select(c => c.RecordId), Is.EqualTo(new[] { "before", "after" }));
        var again = await reader.SyncAsync(server);
        Assert.That((again.ResyncRequired, again.ServerChanges.Count), Is.EqualTo((false, 0)));
        var newcomer = new TestClient("newcomer");
        var snapshot = await newcomer.PullAllAsync(server);
        Assert.That(snapshot.Select(c => c.RecordId).Order(), Is.EqualTo(new[] { "after", "before" }));
        await db.Object(TestModel.Todo).CreateAsync(new Record { ["id"] = "later", ["title"] = "later" });
        var next = await newcomer.SyncAsync(server);
        Assert.That((next.ResyncRequired, next.ServerChanges.Single().RecordId), Is.EqualTo((false, "later")));
    }
}
