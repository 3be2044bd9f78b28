using ObjectQL.Querying;
using ObjectQL.Sync.Protocol;
using ObjectQL.Sync.Server.Tests.Server;
using ObjectQL.Sync.Server.Tests.Support;

namespace ObjectQL.Sync.Server.Tests.Push;

/// <summary>
/// A chunk takes the record of a create as absent without reading it (AbsentRecords). Each case pushes the same
/// mutations to two stores holding the same records, one taking creates' records as absent and one reading every record
/// (<see cref="SyncServer.ReadsEveryRecord"/>), and compares the answers and everything stored.
/// </summary>
public abstract class AbsentCreateTests
{
    private const string Other = "other-user";

    private protected abstract Task<(ObjectQLDatabase Database, SyncServer Server, IAsyncDisposable Owner)> OpenAsync();

    [Test]
    public async Task A_push_of_creates_reads_neither_the_records_nor_their_clocks()
    {
        var (db, server, owner) = await OpenAsync();
        await using var _ = owner;
        var client = new TestClient();
        // The first pull reads every object's snapshot; the push after it reads none of them.
        await client.SyncAsync(server);
        var creates = Enumerable.Range(0, 5).Select(i => client.Create(TestModel.Todo, "n" + i, ("title", "t" + i))).ToArray();

        var (response, statements) = await StatementTally.OfAsync(() => client.SyncAsync(server, creates));

        Assert.That(response.Results, Has.All.TypeOf<SyncMutationApplied>());
        Assert.That(statements.Keys.Where(s => s.StartsWith("SELECT todo", StringComparison.Ordinal) || s == "SELECT _objectql_sync_records"), Is.Empty,
            string.Join(", ", statements.Select(s => $"{s.Key}: {s.Value}")));
    }

    [Test]
    public Task A_create_of_a_tombstoned_or_a_live_id_answers_as_the_reads_do(
        [Values(TestModel.Todo, TestModel.Note, TestModel.Memo, TestModel.TitleConflicts, TestModel.PushOnly)] string objectName, [Values] bool tombstoned) =>
        SameAsReadingAsync(
            seed => tombstoned ? [seed.Create(objectName, "x", ("title", "first")), seed.Delete(objectName, "x", 1)] : [seed.Create(objectName, "x", ("title", "first"))],
            client => [client.Create(objectName, "n1", ("title", "new")), client.Create(objectName, "x", ("title", "again")), client.Create(objectName, "n2", ("title", "new"))]);

    [Test]
    public Task A_create_of_a_live_id_the_caller_may_not_read_answers_as_the_reads_do() =>
        SameAsReadingAsync(
            seed => [seed.Create(TestModel.Owned, "x", ("title", "theirs"), ("owner", Other))],
            client => [client.Create(TestModel.Owned, "n1", ("title", "mine"), ("owner", "u")), client.Create(TestModel.Owned, "x", ("title", "mine"), ("owner", "u"))],
            seedUser: Other, userId: "u");

    [Test]
    public Task A_create_then_update_then_delete_of_a_new_id_in_one_chunk_answers_as_the_reads_do() =>
        SameAsReadingAsync(
            seed => [seed.Create(TestModel.Todo, "s", ("title", "seed"))],
            client => [client.Create(TestModel.Todo, "x", ("title", "a")), client.Update(TestModel.Todo, "x", 1, ("title", "b")), client.Delete(TestModel.Todo, "x", 2)]);

    [TestCase(TestModel.Todo)]
    [TestCase(TestModel.Note)]
    public Task A_create_then_update_then_delete_of_a_tombstoned_id_in_one_chunk_answers_as_the_reads_do(string objectName) =>
        SameAsReadingAsync(
            seed => [seed.Create(objectName, "x", ("title", "first")), seed.Delete(objectName, "x", 1)],
            client => [client.Create(objectName, "x", ("title", "a")), client.Update(objectName, "x", 1, ("title", "b")), client.Delete(objectName, "x", 2)]);

    [Test]
    public Task A_create_of_a_tombstoned_id_that_fails_validation_answers_as_the_reads_do() =>
        SameAsReadingAsync(
            seed => [seed.Create(TestModel.Todo, "x", ("title", "first")), seed.Delete(TestModel.Todo, "x", 1)],
            client => [client.Create(TestModel.Todo, "n1", ("title", "new")), client.Create(TestModel.Todo, "x", ("title", new string('x', 201)))]);

    [Test]
    public Task A_create_of_a_live_id_with_a_wrong_type_answers_as_the_reads_do() =>
        SameAsReadingAsync(
            seed => [seed.Create(TestModel.Todo, "x", ("title", "first"))],
            client => [client.Create(TestModel.Todo, "x", ("title", "ok"), ("done", "not a boolean")), client.Create(TestModel.Todo, "n1", ("title", "new"))]);

    [Test]
    public Task A_hook_writing_a_record_taken_as_absent_answers_as_the_reads_do() =>
        SameAsReadingAsync(
            seed => [seed.Create(TestModel.Todo, "x", ("title", "first")), seed.Delete(TestModel.Todo, "x", 1)],
            client => [client.Create(TestModel.Todo, "x", ("title", "again")), client.Create(TestModel.Todo, "b", ("title", "b"))],
            hooks: db => db.Hooks.After(HookOperation.Create, TestModel.Todo, async (context, ct) =>
            {
                // Updates 'x' when it is there: a tombstone leaves it absent, a create taken as absent wrote it.
                if (context.Id == "b" && await context.Session.Object(TestModel.Todo).FindOneAsync("x", ct) is not null)
                {
                    await context.Session.Object(TestModel.Todo).UpdateAsync("x", new Record { ["title"] = "by the hook" }, ct);
                }
            }));

    [Test]
    public async Task A_retried_push_replays_the_answers_the_reads_gave()
    {
        var client = new TestClient();
        await SameAsReadingAsync(
            seed => [seed.Create(TestModel.Todo, "x", ("title", "first")), seed.Delete(TestModel.Todo, "x", 1), seed.Create(TestModel.Todo, "y", ("title", "live"))],
            _ => [client.Create(TestModel.Todo, "x", ("title", "again")), client.Create(TestModel.Todo, "y", ("title", "again")), client.Create(TestModel.Todo, "n", ("title", "new"))],
            client: client, pushes: 2);
    }

    // Seeds both stores with the same pushes, pushes the case's mutations to each (pushes times, the same request), and
    // compares the answers and every stored row of the sync tables and the records.
    private async Task SameAsReadingAsync(
        Func<TestClient, MutationLogEntry[]> seeded, Func<TestClient, MutationLogEntry[]> pushed, string? seedUser = null, string? userId = null,
        Action<ObjectQLDatabase>? hooks = null, TestClient? client = null, int pushes = 1)
    {
        var (taken, takenServer, takenOwner) = await OpenAsync();
        var (read, readServer, readOwner) = await OpenAsync();
        await using var _t = takenOwner;
        await using var _r = readOwner;
        readServer.ReadsEveryRecord = true;
        var seed = new TestClient(seedUser);
        var seeds = seed.Request(seeded(seed));
        client ??= new TestClient(userId);
        var request = client.Request(pushed(client));
        foreach (var (db, server) in new[] { (taken, takenServer), (read, readServer) })
        {
            Assert.That((await server.HandleAsync(seeds, seed.Context)).Results, Has.All.TypeOf<SyncMutationApplied>());
            hooks?.Invoke(db);
        }
        for (var push = 0; push < pushes; push++)
        {
            var takenAnswers = (await takenServer.HandleAsync(request, client.Context)).Results.Select(Json).ToList();
            var readAnswers = (await readServer.HandleAsync(request, client.Context)).Results.Select(Json).ToList();
            Assert.That(takenAnswers, Is.EqualTo(readAnswers));
        }
        foreach (var objectName in new[] { TestModel.Todo, TestModel.Note, TestModel.Memo, TestModel.TitleConflicts, TestModel.PushOnly, TestModel.Owned })
        {
            Assert.That(await RowsAsync(taken, objectName), Is.EqualTo(await RowsAsync(read, objectName)), objectName);
        }
        Assert.That(await RowsAsync(taken, "objectql_sync_record", "record_id", "version", "clock", "deleted_clock", "fields"),
            Is.EqualTo(await RowsAsync(read, "objectql_sync_record", "record_id", "version", "clock", "deleted_clock", "fields")));
        Assert.That(await RowsAsync(taken, "objectql_sync_change", "record_id", "version", "operation", "clock", "field_clocks", "mutation_id"),
            Is.EqualTo(await RowsAsync(read, "objectql_sync_change", "record_id", "version", "operation", "clock", "field_clocks", "mutation_id")));
        Assert.That(await RowsAsync(taken, "objectql_sync_conflict", "record_id", "mutation_id", "outcome"),
            Is.EqualTo(await RowsAsync(read, "objectql_sync_conflict", "record_id", "mutation_id", "outcome")));
    }

    private static string Json(SyncMutationResult result) => System.Text.Encoding.UTF8.GetString(SyncJson.Write(result, SyncJson.Context.SyncMutationResult));

    // Every row's fields but its times, which differ between the stores.
    private static async Task<List<string>> RowsAsync(ObjectQLDatabase db, string objectName, params string[] fields) =>
        (await db.System.Object(objectName).FindAsync(Query.All))
            .Select(r => string.Join(' ', (fields.Length > 0 ? fields.AsEnumerable() : r.Fields.Where(f => !f.EndsWith("_at", StringComparison.Ordinal)).Order(StringComparer.Ordinal))
                .Select(f => $"{f}={Convert.ToString(r[f], System.Globalization.CultureInfo.InvariantCulture)}")))
            .Order(StringComparer.Ordinal).ToList();
}

/// <summary>Runs on SQLite files.</summary>
public sealed class SqliteAbsentCreateTests : AbsentCreateTests
{
    private protected override Task<(ObjectQLDatabase Database, SyncServer Server, IAsyncDisposable Owner)> OpenAsync() => PushStores.SqliteAsync();
}

/// <summary>Runs on the PostgreSQL the tests start.</summary>
[NonParallelizable]
public sealed class PostgresAbsentCreateTests : AbsentCreateTests
{
    private protected override Task<(ObjectQLDatabase Database, SyncServer Server, IAsyncDisposable Owner)> OpenAsync() => PushStores.PostgresAsync("sync_absent");
}
