using Microsoft.Extensions.Time.Testing;
using ObjectQL.Sync.Protocol;
using ObjectQL.Sync.Server.Tests.Support;

namespace ObjectQL.Sync.Server.Tests.Server;

/// <summary>
/// The change rows of commits a pull read whole are kept by the server (docs/sync-server.md, "Deltas"): the next caller
/// whose page holds the same commits takes their rows from there, and gets the same changes and pages as from the store.
/// </summary>
public abstract class CommittedChangesTests
{
    private const string ChangeReads = "SELECT _objectql_sync_changes";

    /// <summary>A server over a new, empty store, and what to dispose when the test ends.</summary>
    private protected abstract Task<(ObjectQLDatabase Database, SyncServer Server, IAsyncDisposable Owner)> OpenAsync();

    [Test]
    public async Task A_second_caller_pulling_the_same_commits_reads_none_of_their_rows_from_the_store()
    {
        var (_, server, owner) = await OpenAsync();
        await using var _ = owner;
        var (writer, first, second) = (new TestClient(), new TestClient(), new TestClient());
        await first.PullAllAsync(server);
        await second.PullAllAsync(server);
        await writer.SyncAsync(server, writer.Create(TestModel.Todo, "a", ("title", "a")));
        await writer.SyncAsync(server, writer.Create(TestModel.Todo, "b", ("title", "b")), writer.Create(TestModel.Todo, "c", ("title", "c")));
        await writer.SyncAsync(server, writer.Update(TestModel.Todo, "a", 1, ("title", "a2")));

        var (fromStore, firstReads) = await StatementTally.OfAsync(() => first.SyncAsync(server));
        var (kept, secondReads) = await StatementTally.OfAsync(() => second.SyncAsync(server));

        Assert.That(firstReads.GetValueOrDefault(ChangeReads), Is.Positive, "the first caller reads the commits' rows");
        Assert.That(secondReads.GetValueOrDefault(ChangeReads), Is.Zero, "the second takes them from what the first read");
        Assert.That(kept.ServerChanges.Select(Describe), Is.EqualTo(fromStore.ServerChanges.Select(Describe)));
        Assert.That(kept.ServerChanges.Select(Describe), Is.EqualTo(new[] { "a Create a", "b Create b", "c Create c", "a Update a2" }));
        Assert.That(await writer.PullAllAsync(server), Is.Empty, "the writer's own commits are still left out");
    }

    [Test]
    public async Task Pages_cut_inside_a_kept_commit_are_the_pages_a_server_without_it_reads_from_the_store()
    {
        var (database, server, owner) = await OpenAsync();
        await using var _ = owner;
        var fresh = await SyncServer.CreateAsync(database);
        var (writer, whole, paged, fromStore) = (new TestClient(), new TestClient(), new TestClient(), new TestClient());
        foreach (var client in new[] { whole, paged })
        {
            await client.PullAllAsync(server);
        }
        await fromStore.PullAllAsync(fresh);
        await writer.SyncAsync(server, Enumerable.Range(1, 5).Select(i => writer.Create(TestModel.Todo, $"r{i}", ("title", $"t{i}"))).ToArray());
        await whole.SyncAsync(server);

        var (keptPages, keptReads) = await StatementTally.OfAsync(() => PagesAsync(server, paged, 2));
        var (storePages, storeReads) = await StatementTally.OfAsync(() => PagesAsync(fresh, fromStore, 2));

        Assert.That(keptPages.Select(p => p.Ids), Is.EqualTo(new[] { "r1 r2 more", "r3 r4 more", "r5" }));
        Assert.That(storePages, Is.EqualTo(keptPages), "the server that kept nothing reads the same pages from the store, to the byte");
        Assert.That(keptReads.GetValueOrDefault(ChangeReads), Is.Zero);
        Assert.That(storeReads.GetValueOrDefault(ChangeReads), Is.EqualTo(3));
    }

    [Test]
    public async Task A_caller_of_a_tenant_reads_the_rows_from_the_store_filtered_by_its_tenant()
    {
        var (_, server, owner) = await OpenAsync();
        await using var _ = owner;
        var (writer, reader, tenant) = (new TestClient(), new TestClient(), new TestClient(tenantId: "t1"));
        await reader.PullAllAsync(server);
        await tenant.PullAllAsync(server);
        await writer.SyncAsync(server, writer.Create(TestModel.Todo, "a", ("title", "a")));
        await reader.SyncAsync(server);

        var (_, reads) = await StatementTally.OfAsync(() => tenant.SyncAsync(server));

        Assert.That(reads.GetValueOrDefault(ChangeReads), Is.EqualTo(1), "rows kept whole are not the rows the store gives this caller");
    }

    // Each page's record ids (and "more" when hasMore) and its serverChanges as the response's wire text holds them.
    private static async Task<List<(string Ids, string Wire)>> PagesAsync(SyncServer server, TestClient client, int pageSize)
    {
        var pages = new List<(string, string)>();
        SyncPushResponse response;
        do
        {
            response = await server.HandleAsync(client.Request(), client.Context, pageSize, CancellationToken.None);
            client.Checkpoint = response.Checkpoint;
            using var wire = System.Text.Json.JsonDocument.Parse(SyncJson.Write(response, SyncJsonContext.Default.SyncPushResponse));
            pages.Add((string.Join(" ", response.ServerChanges.Select(c => c.RecordId)) + (response.HasMore ? " more" : ""),
                wire.RootElement.GetProperty("serverChanges").GetRawText()));
        }
        while (response.HasMore);
        return pages;
    }

    private static string Describe(SyncServerChange change) => $"{change.RecordId} {change.Operation} {change.Data?["title"]}";
}

/// <summary>Runs on a SQLite file.</summary>
public sealed class SqliteCommittedChangesTests : CommittedChangesTests
{
    private protected override Task<(ObjectQLDatabase Database, SyncServer Server, IAsyncDisposable Owner)> OpenAsync() => PushStores.SqliteAsync();
}

/// <summary>Runs on the PostgreSQL the tests start.</summary>
[NonParallelizable]
public sealed class PostgresCommittedChangesTests : CommittedChangesTests
{
    private protected override Task<(ObjectQLDatabase Database, SyncServer Server, IAsyncDisposable Owner)> OpenAsync() => PushStores.PostgresAsync("sync_kept");
}

/// <summary>Kept rows and pruning: which commits a page holds is read from the store, so a pruned commit is never served from what was kept.</summary>
public sealed class KeptChangesPruningTests
{
    [Test]
    public async Task A_checkpoint_into_pruned_commits_resyncs_although_their_rows_were_kept()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var harness = await SyncHarness.OpenSqliteAsync(SyncHarness.Options(time: time));
        var (writer, behind, reader) = (new TestClient(), new TestClient(), new TestClient());
        await behind.PullAllAsync(harness.Server);
        await writer.SyncAsync(harness.Server, writer.Create(TestModel.Todo, "old1", ("title", "old1")));
        await writer.SyncAsync(harness.Server, writer.Create(TestModel.Todo, "old2", ("title", "old2")));
        await behind.SyncAsync(harness.Server);
        await writer.SyncAsync(harness.Server, writer.Update(TestModel.Todo, "old1", 1, ("title", "old1b")));
        Assert.That((await reader.PullAllAsync(harness.Server)).Select(c => c.RecordId), Is.EquivalentTo(new[] { "old1", "old2" }), "the snapshot");
        time.Advance(TimeSpan.FromDays(31));
        await writer.SyncAsync(harness.Server, writer.Create(TestModel.Todo, "fresh", ("title", "fresh")));

        var pruned = await harness.Server.PruneAsync();
        var response = await behind.SyncAsync(harness.Server);

        Assert.That(pruned.Commits, Is.EqualTo(3), "the three old commits, whose rows the pulls above kept");
        Assert.That(response.ResyncReason, Is.EqualTo(ResyncReason.Retention));
        Assert.That(response.ServerChanges, Is.Empty);
    }
}
