using ObjectQL.Sync.Protocol;
using ObjectQL.Sync.Server.Tests.Support;

namespace ObjectQL.Sync.Server.Tests.Server;

/// <summary>
/// A caller that reads every record of an object as stored is not asked which of a page's records still exist, unless a
/// delete of its own may follow the page's rows (docs/sync-server.md, "Deltas"): its own delete is an echo and never sent,
/// so an earlier row of the record would bring the record back. These pages cross that delete in every way a client can
/// come to it: on later pages of its pull, on later requests that push, and through another server instance.
/// </summary>
public abstract class OwnDeletesTests
{
    /// <summary>A server over a new, empty store, and what to dispose when the test ends.</summary>
    private protected abstract Task<(ObjectQLDatabase Database, SyncServer Server, IAsyncDisposable Owner)> OpenAsync();

    // pushing: each later request also pushes a create of the client's own, so it knows the client's row from the lock
    // of its push (a row this server kept from the push of the delete), not from a read.
    [TestCase(false)]
    [TestCase(true)]
    public async Task Another_clients_create_is_not_sent_on_later_pages_to_the_client_that_deleted_the_record_since(bool pushing)
    {
        var (_, server, owner) = await OpenAsync();
        await using var _ = owner;
        var (writer, deleter) = await WrittenBehindAsync(server);

        // The deleter's checkpoint is before the writer's commits (as after a lost response), so its pages cross the create
        // of the record it deletes here; the page of one ends before it.
        var first = await PageAsync(server, deleter, deleter.Delete(TestModel.Todo, "b", 1));
        var received = await PagesAsync(server, deleter, first, pushing);

        Assert.That(first.Results[0], Is.TypeOf<SyncMutationApplied>());
        Assert.That(received, Is.EqualTo(new[] { "a/Create", "c/Create", "d/Create" }), "b's create would bring back what the deleter deleted");
        Assert.That((await writer.PullAllAsync(server)).Select(Describe).Where(c => !c.StartsWith("own-", StringComparison.Ordinal)),
            Is.EqualTo(new[] { "b/Delete" }), "the others are sent the delete");
    }

    [Test]
    public async Task Another_server_instance_that_knew_the_client_row_before_the_delete_reads_it_again()
    {
        var (database, server, owner) = await OpenAsync();
        await using var _ = owner;
        var other = await SyncServer.CreateAsync(database);
        var writer = new TestClient();
        var deleter = new TestClient();
        await deleter.PullAllAsync(server);
        // The other instance keeps the deleter's row as its push left it.
        await PageAsync(other, deleter, deleter.Create(TestModel.Todo, "own", ("title", "own")));
        await WriteAsync(server, writer);

        var first = await PageAsync(server, deleter, deleter.Delete(TestModel.Todo, "b", 1));
        var received = await PagesAsync(other, deleter, first, push: true);

        Assert.That(received, Is.EqualTo(new[] { "a/Create", "c/Create", "d/Create" }));
    }

    [Test]
    public async Task A_caller_without_deletes_of_its_own_is_not_asked_about_existence_and_one_with_them_is()
    {
        var (_, server, owner) = await OpenAsync();
        await using var _ = owner;
        var (writer, reader) = await WrittenBehindAsync(server);

        var (page, reads) = await StatementTally.OfAsync(() => reader.SyncAsync(server));
        Assert.That(page.ServerChanges.Select(Describe), Is.EqualTo(new[] { "a/Create", "b/Create", "c/Create", "d/Create" }));
        Assert.That(reads.Keys.Where(IsTodoRead), Is.Empty, "a page of records the reader reads whole, with no delete of its own ahead");

        var beforeDelete = reader.Checkpoint;
        await writer.SyncAsync(server, writer.Create(TestModel.Todo, "e", ("title", "e")));
        var deleted = await reader.SyncAsync(server, reader.Delete(TestModel.Todo, "a", 1));
        Assert.That(deleted.ServerChanges.Select(Describe), Is.EqualTo(new[] { "e/Create" }));
        await writer.SyncAsync(server, writer.Create(TestModel.Todo, "f", ("title", "f")));
        var (after, afterReads) = await StatementTally.OfAsync(() => reader.SyncAsync(server));
        Assert.That(after.ServerChanges.Select(Describe), Is.EqualTo(new[] { "f/Create" }));
        Assert.That(afterReads.Keys.Where(IsTodoRead), Is.Empty, "the checkpoint is past the reader's own delete");

        reader.Checkpoint = beforeDelete;
        var (again, againReads) = await StatementTally.OfAsync(() => reader.SyncAsync(server));
        Assert.That(again.ServerChanges.Select(Describe), Is.EqualTo(new[] { "e/Create", "f/Create" }));
        Assert.That(againReads.Keys.Where(IsTodoRead), Is.Not.Empty, "from a checkpoint before the reader's own delete");
    }

    [Test]
    public async Task Rows_of_a_record_another_deleted_since_are_skipped_before_its_delete_on_the_page_and_sent_before_a_later_one()
    {
        var (database, server, owner) = await OpenAsync();
        await using var _ = owner;
        var (whole, paged) = (new TestClient(), new TestClient());
        await whole.PullAllAsync(server);
        await paged.PullAllAsync(server);
        await database.TransactionAsync(async (tx, ct) =>
        {
            await tx.Object(TestModel.Todo).CreateAsync(new Record { ["id"] = "gone", ["title"] = "gone" }, ct);
            await tx.Object(TestModel.Todo).CreateAsync(new Record { ["id"] = "kept", ["title"] = "kept" }, ct);
            await tx.Object(TestModel.Todo).DeleteAsync("gone", ct);
        });

        var onePage = await PagesAsync(server, whole, await PageAsync(server, whole, pageSize: 10), push: false);
        var pagesOfOne = await PagesAsync(server, paged, await PageAsync(server, paged), push: false);

        // Not asked of the store: whether the record still exists. Its delete is sent either way, after its earlier rows.
        Assert.That(onePage, Is.EqualTo(new[] { "kept/Create", "gone/Delete" }));
        Assert.That(pagesOfOne, Is.EqualTo(new[] { "gone/Create", "kept/Create", "gone/Delete" }));
    }

    // A writer's commit of a, b and c, then one of d, after the returned client's checkpoint.
    private static async Task<(TestClient Writer, TestClient Behind)> WrittenBehindAsync(SyncServer server)
    {
        var (writer, behind) = (new TestClient(), new TestClient());
        await behind.PullAllAsync(server);
        await WriteAsync(server, writer);
        return (writer, behind);
    }

    private static async Task WriteAsync(SyncServer server, TestClient writer)
    {
        await writer.SyncAsync(server, new[] { "a", "b", "c" }.Select(id => writer.Create(TestModel.Todo, id, ("title", id))).ToArray());
        await writer.SyncAsync(server, writer.Create(TestModel.Todo, "d", ("title", "d")));
    }

    // One request answered with a page of at most pageSize changes; the client keeps its checkpoint.
    private static Task<SyncPushResponse> PageAsync(SyncServer server, TestClient client, params MutationLogEntry[] mutations) =>
        PageAsync(server, client, 1, mutations);

    private static async Task<SyncPushResponse> PageAsync(SyncServer server, TestClient client, int pageSize, params MutationLogEntry[] mutations)
    {
        var response = await server.HandleAsync(client.Request(mutations), client.Context, pageSize, CancellationToken.None);
        client.Checkpoint = response.Checkpoint;
        return response;
    }

    // The changes of the first page and of the pages that follow it (pages of one), each request pushing a create of the
    // client's own when push is set.
    private static async Task<List<string>> PagesAsync(SyncServer server, TestClient client, SyncPushResponse first, bool push)
    {
        var received = first.ServerChanges.Select(Describe).ToList();
        var response = first;
        for (var i = 0; response.HasMore; i++)
        {
            Assert.That(i, Is.LessThan(100), "the delta never ended");
            response = push
                ? await PageAsync(server, client, client.Create(TestModel.Todo, $"own-{i}", ("title", "own")))
                : await PageAsync(server, client);
            received.AddRange(response.ServerChanges.Select(Describe));
        }
        return received;
    }

    private static bool IsTodoRead(string statement) => statement.StartsWith("SELECT todo_item", StringComparison.Ordinal);

    private static string Describe(SyncServerChange change) => $"{change.RecordId}/{change.Operation}";
}

/// <summary>Runs on a SQLite file.</summary>
public sealed class SqliteOwnDeletesTests : OwnDeletesTests
{
    private protected override Task<(ObjectQLDatabase Database, SyncServer Server, IAsyncDisposable Owner)> OpenAsync() => PushStores.SqliteAsync();
}

/// <summary>Runs on the PostgreSQL the tests start.</summary>
[NonParallelizable]
public sealed class PostgresOwnDeletesTests : OwnDeletesTests
{
    private protected override Task<(ObjectQLDatabase Database, SyncServer Server, IAsyncDisposable Owner)> OpenAsync() => PushStores.PostgresAsync("sync_own_deletes");
}
