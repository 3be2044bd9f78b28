using System.Collections.Concurrent;
using ObjectQL.Postgres;
using ObjectQL.Querying;
using ObjectQL.Sync.Protocol;
using ObjectQL.Sync.Server.Configuration;
using ObjectQL.Sync.Server.Tests.Server;
using ObjectQL.Sync.Server.Tests.Support;
using ObjectQL.Testing.Postgres;

namespace ObjectQL.Sync.Server.Tests.Postgres;

/// <summary>
/// The no-missed-changes guarantee (RFC 6.1) and exactly-once push (RFC 7) on a real PostgreSQL that the test starts,
/// with two separately opened databases (two connection pools) standing in for two server processes.
/// </summary>
[NonParallelizable]
public class PostgresSyncTests
{
    private const int Writers = 8;
    private const int TransactionsPerWriter = 12;

    /// <summary>A database over the connection string with the sync plugin, and its server: one server process.</summary>
    internal static async Task<(ObjectQLDatabase Database, SyncServer Server)> OpenAsync(string connectionString, SyncServerOptions? options = null)
    {
        var database = await ObjectQLDatabase.CreateBuilder()
            .UsePostgres(connectionString)
            .AddModel(TestModel.Objects)
            .AddPlugin(new SyncServerPlugin(options ?? SyncHarness.Options()))
            .OpenAsync();
        return (database, await SyncServer.CreateAsync(database));
    }

    [Test]
    public async Task Eight_concurrent_writers_on_two_instances_with_commits_held_open_are_pulled_each_once_in_commit_order()
    {
        var connectionString = PostgresCluster.CreateDatabase("sync_nogap");
        var (dbA, serverA) = await OpenAsync(connectionString);
        var (dbB, serverB) = await OpenAsync(connectionString);
        await using var _a = dbA;
        await using var _b = dbB;
        // Hold every commit open between taking its position and committing, for a varying while, so commits of the
        // two instances interleave with each other and with the reader's pulls.
        var random = new Random(12);
        var delays = new ConcurrentQueue<int>(Enumerable.Range(0, 4 * Writers * TransactionsPerWriter).Select(_ => random.Next(0, 6)));
        foreach (var db in new[] { dbA, dbB })
        {
            db.Changes.SubscribeBeforeCommit(async (_, ct) => await Task.Delay(delays.TryDequeue(out var ms) ? ms : 0, ct));
        }

        // Two readers, each alternating the instances in the other's phase: each instance's pages also hold commits whose
        // rows it kept from the other reader's pages (docs/sync-server.md, "Rows of commits read before").
        var readers = new[] { new TestClient("reader"), new TestClient("second-reader") };
        foreach (var reader in readers)
        {
            await reader.SyncAsync(serverA);
        }
        var received = readers.Select(_ => new List<SyncServerChange>()).ToArray();
        var writing = true;
        var pulls = new int[readers.Length];
        var pulling = readers.Select((reader, r) => Task.Run(async () =>
        {
            while (Volatile.Read(ref writing))
            {
                received[r].AddRange(await reader.PullAllAsync((pulls[r]++ + r) % 2 == 0 ? serverA : serverB));
            }
        })).ToArray();
        var writers = Enumerable.Range(0, Writers).Select(w => Task.Run(async () =>
        {
            var db = w % 2 == 0 ? dbA : dbB;
            var server = w % 2 == 0 ? serverA : serverB;
            var pusher = new TestClient($"writer-{w}");
            for (var t = 0; t < TransactionsPerWriter; t++)
            {
                var id = $"w{w}-t{t}";
                if (w >= Writers - 2)
                {
                    var response = await pusher.SyncAsync(server, pusher.Create(TestModel.Todo, id, ("title", id)));
                    Assert.That(response.Results[0], Is.TypeOf<SyncMutationApplied>());
                    continue;
                }
                await db.TransactionAsync(async (session, ct) =>
                {
                    await session.Object(TestModel.Todo).CreateAsync(new Record { ["id"] = id, ["title"] = id }, ct);
                    await Task.Delay(t % 3, ct);
                    await session.Object(TestModel.Todo).UpdateAsync(id, new Record { ["done"] = true }, ct);
                }, new TransactionOptions { IsolationLevel = TransactionIsolation.ReadCommitted });
            }
        })).ToArray();
        await Task.WhenAll(writers);
        Volatile.Write(ref writing, false);
        await Task.WhenAll(pulling);
        for (var r = 0; r < readers.Length; r++)
        {
            received[r].AddRange(await readers[r].PullAllAsync(serverB));
        }

        var committed = await CommittedInOrderAsync(dbA);
        Assert.That(committed, Has.Count.EqualTo(Writers * TransactionsPerWriter * 2 - 2 * TransactionsPerWriter), "each direct transaction logs a create and an update");
        foreach (var changes in received)
        {
            Assert.That(changes.Select(c => $"{c.RecordId}/{c.ServerVersion}"), Is.EqualTo(committed),
                "the union of each reader's pulls is every committed change, each once, in commit order");
        }
        Assert.That(pulls, Has.All.GreaterThan(1));
    }

    [Test]
    public async Task A_snapshot_whose_last_record_fills_the_page_ends_there_unless_another_writer_went_on_in_the_log()
    {
        var connectionString = PostgresCluster.CreateDatabase("sync_exact_more");
        var (database, server) = await OpenAsync(connectionString, SyncHarness.Options(new SyncEndpointConfig { MaxChangesPerResponse = 3 }));
        await using var _ = database;
        await database.Object(TestModel.Todo).CreateManyAsync(Enumerable.Range(0, 6).Select(i => new Record { ["id"] = $"t{i}", ["title"] = $"{i}" }).ToList());
        var pusher = new TestClient();
        var watcher = new TestClient();
        Assert.That((await pusher.SyncAsync(server)).HasMore, Is.True);
        Assert.That((await watcher.SyncAsync(server)).HasMore, Is.True);

        // The pusher's own create (an id the snapshot has passed) is the only commit after the snapshot's head.
        var pushed = await pusher.SyncAsync(server, pusher.Create(TestModel.Todo, "a-own", ("title", "pushed")));
        var watched = await watcher.SyncAsync(server);
        var rest = await watcher.SyncAsync(server);

        Assert.That((pushed.ServerChanges.Count, pushed.HasMore), Is.EqualTo((3, false)), "only the pusher's own commit follows the head");
        Assert.That(await pusher.PullAllAsync(server), Is.Empty);
        Assert.That((watched.ServerChanges.Count, watched.HasMore), Is.EqualTo((3, true)), "another client's commit follows the head");
        Assert.That((rest.ServerChanges.Select(c => $"{c.RecordId}/{c.Operation}"), rest.HasMore), Is.EqualTo((new[] { "a-own/Create" }, false)));
    }

    [Test]
    public async Task A_retry_racing_the_original_on_another_instance_replays_the_first_answers()
    {
        var connectionString = PostgresCluster.CreateDatabase("sync_race");
        var (dbA, serverA) = await OpenAsync(connectionString);
        var (dbB, serverB) = await OpenAsync(connectionString);
        await using var _a = dbA;
        await using var _b = dbB;
        var client = new TestClient();
        await client.SyncAsync(serverA);
        var request = client.Request(Enumerable.Range(0, 40).Select(i => client.Create(TestModel.Note, $"n{i}", ("title", $"{i}"))).ToArray());
        var both = await Task.WhenAll(
            Task.Run(() => serverA.HandleAsync(request, client.Context)),
            Task.Run(() => serverB.HandleAsync(request, client.Context)));
        string Json(SyncPushResponse r) => string.Join('\n', r.Results.Select(x => System.Text.Encoding.UTF8.GetString(SyncJson.Write(x, SyncJson.Context.SyncMutationResult))));
        Assert.That(Json(both[1]), Is.EqualTo(Json(both[0])));
        Assert.That(both[0].Results, Has.All.TypeOf<SyncMutationApplied>());
        Assert.That(await dbA.Object(TestModel.Note).CountAsync(), Is.EqualTo(40));
        Assert.That(await dbA.System.Object("objectql_sync_change").CountAsync(), Is.EqualTo(40));
        Assert.That(await dbB.System.Object("objectql_sync_mutation").CountAsync(), Is.EqualTo(40));
    }

    [Test]
    public async Task A_write_committed_between_the_resolvers_read_and_the_swap_is_resolved_again_not_overwritten()
    {
        var connectionString = PostgresCluster.CreateDatabase("sync_cas");
        var (dbA, serverA) = await OpenAsync(connectionString);
        var (dbB, _) = await OpenAsync(connectionString);
        await using var _a = dbA;
        await using var _b = dbB;
        await dbA.Object(TestModel.Todo).CreateAsync(new Record { ["id"] = "cas", ["title"] = "t0", ["priority"] = "low" });
        var interfered = 0;
        dbA.Hooks.On(HookTiming.Before, HookOperation.Update, TestModel.Todo, async (_, ct) =>
        {
            if (Interlocked.Exchange(ref interfered, 1) == 0)
            {
                await dbB.Object(TestModel.Todo).UpdateAsync("cas", new Record { ["priority"] = "high" }, ct);
            }
        });
        var client = new TestClient();
        var response = await client.SyncAsync(serverA, client.Update(TestModel.Todo, "cas", 1, ("title", "t-by-client")));

        var applied = (SyncMutationApplied)response.Results[0];
        Assert.That(applied.ServerVersion, Is.EqualTo(3));
        var stored = await dbA.Object(TestModel.Todo).FindOneAsync("cas");
        Assert.That((stored!["title"], stored["priority"]), Is.EqualTo(("t-by-client", "high")));
    }

    [Test]
    public async Task Post_images_are_pulled_from_jsonb_as_stored_and_masked_from_the_same_bytes()
    {
        const string title = "caf\u00e9 \u2713 \U0001F600 \"quoted\" \\ </tag>";
        var (db, server) = await OpenAsync(PostgresCluster.CreateDatabase("sync_utf8"));
        await using var _ = db;
        var client = new TestClient();
        await client.SyncAsync(server);
        await db.Object(TestModel.Todo).CreateAsync(new Record { ["id"] = "u1", ["title"] = title, ["done"] = true });
        var stored = await db.System.Object("objectql_sync_change").FindAsync(Query.All);
        var storedText = (string)stored.Single()["data"]!;

        var page = await client.SyncAsync(server);

        using var sent = System.Text.Json.JsonDocument.Parse(SyncJson.Write(page, SyncJson.Context.SyncPushResponse));
        Assert.That(sent.RootElement.GetProperty("serverChanges")[0].GetProperty("data").GetRawText(), Is.EqualTo(storedText), "the stored text, byte for byte");
        Assert.That(page.ServerChanges[0].Data!["title"].GetString(), Is.EqualTo(title));

        // A find hook that hides a field: the post-image is parsed from the same bytes and masked.
        using var hook = db.Hooks.After(HookOperation.Find, TestModel.Todo, (context, _) =>
        {
            context.Result = ((IReadOnlyList<Record>)context.Result!).Select(record =>
            {
                var masked = record.Clone();
                masked.Remove("done");
                return masked;
            }).ToList();
            return ValueTask.CompletedTask;
        });
        var masked = (await new TestClient("masked").PullAllAsync(server)).Single();
        await db.Object(TestModel.Todo).UpdateAsync("u1", new Record { ["done"] = false });
        var logged = (await client.PullAllAsync(server)).Single();

        foreach (var (change, how) in new[] { (masked, "snapshot"), (logged, "log") })
        {
            Assert.That(change.Data!.ContainsKey("done"), Is.False, how);
            Assert.That(change.Data["title"].GetString(), Is.EqualTo(title), how);
        }
    }

    [Test]
    public Task A_commit_larger_than_a_page_read_a_page_at_a_time_skips_the_callers_own_and_unreadable_rows_and_loses_none() =>
        InPagesOfThreeAsync("sync_large_commits", DeltaTests.PagesOfLargeCommitsAsync);

    [Test]
    public Task A_page_that_reads_only_the_callers_own_rows_of_a_commit_goes_on_to_the_rows_after_them() =>
        InPagesOfThreeAsync("sync_own_then_others", DeltaTests.OwnRowsThenOthersInOneCommitAsync);

    // A shared delta scenario on a fresh database whose server sends pages of three changes.
    private static async Task InPagesOfThreeAsync(string name, Func<ObjectQLDatabase, SyncServer, Task> scenario)
    {
        var (db, server) = await OpenAsync(PostgresCluster.CreateDatabase(name), SyncHarness.Options(new SyncEndpointConfig { MaxChangesPerResponse = 3 }));
        await using var _ = db;
        await scenario(db, server);
    }

    // The committed changes as "record/version", by commit position then write order: what the reader must have seen.
    private static async Task<List<string>> CommittedInOrderAsync(ObjectQLDatabase db)
    {
        var commits = await db.System.Object("objectql_sync_commit").FindAsync(new Query { OrderBy = [new SortSpec("position")] });
        var changes = (await db.System.Object("objectql_sync_change").FindAsync(Query.All))
            .GroupBy(c => (string)c["tx_id"]!)
            .ToDictionary(g => g.Key, g => g.OrderBy(c => Convert.ToInt64(c["ordinal"], System.Globalization.CultureInfo.InvariantCulture)).ToList());
        var positions = commits.Select(c => Convert.ToInt64(c["position"], System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.That(positions, Is.EqualTo(Enumerable.Range(1, positions.Count).Select(p => (long)p)), "positions without gaps");
        return commits.SelectMany(c => changes[(string)c["tx_id"]!])
            .Select(c => $"{c["record_id"]}/{Convert.ToInt64(c["version"], System.Globalization.CultureInfo.InvariantCulture)}").ToList();
    }
}
