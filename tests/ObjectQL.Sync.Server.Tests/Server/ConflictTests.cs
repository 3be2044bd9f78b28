using ObjectQL.Querying;
using ObjectQL.Sync.Protocol;
using ObjectQL.Sync.Server.Tests.Support;

namespace ObjectQL.Sync.Server.Tests.Server;

/// <summary>Conflicts per <c>sync.strategy</c> through the shipped resolvers, stale base versions, and the audit trail.</summary>
public class ConflictTests
{
    private static async Task<IReadOnlyList<Record>> AuditAsync(SyncHarness harness) =>
        await harness.Database.System.Object("objectql_sync_conflict").FindAsync(Query.All);

    [Test]
    public async Task Last_write_wins_lets_the_later_clock_win_whole_and_audits_both_sides()
    {
        await using var harness = await SyncHarness.OpenSqliteAsync();
        var a = new TestClient();
        var b = new TestClient();
        await b.SyncAsync(harness.Server, b.Create(TestModel.Todo, "t", ("title", "Call Bob")));
        var aEdit = a.Update(TestModel.Todo, "t", 1, ("title", "Call Bobby"), ("done", true));   // a's clock is earlier
        await b.SyncAsync(harness.Server, b.Update(TestModel.Todo, "t", 1, ("title", "Call Robert")));
        var response = await a.SyncAsync(harness.Server, aEdit);

        var applied = (SyncMutationApplied)response.Results[0];
        Assert.That(applied.Outcome, Is.EqualTo(ApplyOutcome.Superseded));
        Assert.That(applied.Record!["title"].GetString(), Is.EqualTo("Call Robert"));
        var stored = await harness.Database.Object(TestModel.Todo).FindOneAsync("t");
        Assert.That(stored!["title"], Is.EqualTo("Call Robert"));
        Assert.That(stored["done"], Is.EqualTo(false), "lww: the losing write is discarded whole");
        var audit = (await AuditAsync(harness)).Single();
        Assert.That(audit["outcome"], Is.EqualTo("ServerWon"));
        Assert.That(audit["client_values"] as string, Does.Contain("Call Bobby"));
        Assert.That(audit["server_values"] as string, Does.Contain("Call Robert"));
        Assert.That(audit["client_id"], Is.EqualTo(a.Id));
    }

    [Test]
    public async Task Crdt_keeps_concurrent_edits_of_different_fields_and_answers_with_field_clocks()
    {
        await using var harness = await SyncHarness.OpenSqliteAsync();
        var a = new TestClient();
        var b = new TestClient();
        await b.SyncAsync(harness.Server, b.Create(TestModel.Note, "n", ("title", "t0"), ("body", "b0")));
        await b.SyncAsync(harness.Server, b.Update(TestModel.Note, "n", 1, ("title", "t-by-b")));
        var response = await a.SyncAsync(harness.Server, a.Update(TestModel.Note, "n", 1, ("body", "b-by-a")));

        var applied = (SyncMutationApplied)response.Results[0];
        Assert.That(applied.Outcome, Is.EqualTo(ApplyOutcome.Merged));
        Assert.That(applied.ServerVersion, Is.EqualTo(3));
        Assert.That(applied.FieldClocks!.Keys, Is.SupersetOf(new[] { "title", "body" }));
        Assert.That(applied.FieldClocks["body"], Does.EndWith(a.Id));
        Assert.That(applied.FieldClocks["title"], Does.EndWith(b.Id));
        var stored = await harness.Database.Object(TestModel.Note).FindOneAsync("n");
        Assert.That((stored!["title"], stored["body"]), Is.EqualTo(("t-by-b", "b-by-a")));

        var pulled = (await new TestClient().PullAllAsync(harness.Server)).Single();
        Assert.That(pulled.FieldClocks!["body"], Is.EqualTo(applied.FieldClocks["body"]), "the log keeps the resolved clocks");
    }

    [Test]
    public async Task Manual_returns_the_conflict_with_the_server_record_and_applies_nothing()
    {
        await using var harness = await SyncHarness.OpenSqliteAsync();
        var a = new TestClient();
        var b = new TestClient();
        await b.SyncAsync(harness.Server, b.Create(TestModel.Memo, "m", ("title", "Call Bob"), ("body", "x")));
        await b.SyncAsync(harness.Server, b.Update(TestModel.Memo, "m", 1, ("title", "Call Robert")));
        var response = await a.SyncAsync(harness.Server, a.Update(TestModel.Memo, "m", 1, ("title", "Call Bobby")));

        var conflict = ((SyncMutationConflict)response.Results[0]).Conflict;
        Assert.That(conflict.ConflictingFields, Is.EqualTo(new[] { "title" }));
        Assert.That(conflict.ServerVersion, Is.EqualTo(2));
        Assert.That(conflict.ServerRecord["title"].GetString(), Is.EqualTo("Call Robert"));
        Assert.That((await harness.Database.Object(TestModel.Memo).FindOneAsync("m"))!["title"], Is.EqualTo("Call Robert"));
        Assert.That((await AuditAsync(harness)).Single()["outcome"], Is.EqualTo("Flagged"));

        var answer = await a.SyncAsync(harness.Server, a.Update(TestModel.Memo, "m", conflict.ServerVersion, ("title", "Call Bobby")));
        Assert.That(((SyncMutationApplied)answer.Results[0]).Outcome, Is.EqualTo(ApplyOutcome.Accepted));
    }

    [Test]
    public async Task Conflict_fields_narrow_what_can_collide()
    {
        await using var harness = await SyncHarness.OpenSqliteAsync();
        var a = new TestClient();
        var b = new TestClient();
        await b.SyncAsync(harness.Server, b.Create(TestModel.TitleConflicts, "k", ("title", "t"), ("body", "b0")));
        var aEdit = a.Update(TestModel.TitleConflicts, "k", 1, ("title", "t-by-a"), ("body", "b-by-a"));
        await b.SyncAsync(harness.Server, b.Update(TestModel.TitleConflicts, "k", 1, ("body", "b-by-b")));
        var response = await a.SyncAsync(harness.Server, aEdit);

        // body is not a conflict field: it resolves by clock (b's later write stays); title had no concurrent write.
        var stored = await harness.Database.Object(TestModel.TitleConflicts).FindOneAsync("k");
        Assert.That((stored!["title"], stored["body"]), Is.EqualTo(("t-by-a", "b-by-b")));
        Assert.That(((SyncMutationApplied)response.Results[0]).Outcome, Is.EqualTo(ApplyOutcome.Merged));
    }

    [Test]
    public async Task A_base_version_ahead_of_the_server_is_rejected_and_a_delete_wins()
    {
        await using var harness = await SyncHarness.OpenSqliteAsync();
        var a = new TestClient();
        var b = new TestClient();
        await b.SyncAsync(harness.Server, b.Create(TestModel.Note, "d", ("title", "x")));
        var ahead = await a.SyncAsync(harness.Server, a.Update(TestModel.Note, "d", 5, ("title", "from the future")));
        Assert.That(((SyncMutationRejected)ahead.Results[0]).Details![0].Reason, Is.EqualTo("ahead_of_server"));
        await b.SyncAsync(harness.Server, b.Delete(TestModel.Note, "d", 1));
        var late = await a.SyncAsync(harness.Server, a.Update(TestModel.Note, "d", 1, ("title", "too late")));
        Assert.That(((SyncMutationApplied)late.Results[0]).Outcome, Is.EqualTo(ApplyOutcome.Deleted));
        Assert.That(await harness.Database.Object(TestModel.Note).FindOneAsync("d"), Is.Null, "never resurrected");
        Assert.That((await AuditAsync(harness)).Select(r => r["outcome"]), Does.Contain("DeleteWon"));
    }

    [Test]
    public async Task The_audit_trail_is_for_administrators_only_and_no_client_can_push_to_it()
    {
        await using var harness = await SyncHarness.OpenSqliteAsync();
        var user = harness.Database.WithContext(TestModel.User("curious"));
        var read = Assert.ThrowsAsync<ObjectQLException>(() => user.Object("objectql_sync_conflict").FindAsync(Query.All));
        Assert.That(read!.Code, Is.EqualTo(ErrorCodes.Forbidden));
        var client = new TestClient();
        var response = await client.SyncAsync(harness.Server, client.Create("objectql_sync_conflict", "forged", ("outcome", "ClientWon")));
        Assert.That(((SyncMutationRejected)response.Results[0]).Code, Is.EqualTo(ErrorCodes.NotFound));
        Assert.That(await AuditAsync(harness), Is.Empty);
    }
}
