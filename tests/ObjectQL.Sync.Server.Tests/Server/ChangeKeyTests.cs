using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using ObjectQL.Metadata;
using ObjectQL.Querying;
using ObjectQL.Sql.Tests.Observability;
using ObjectQL.Sync.Protocol;
using ObjectQL.Sync.Server.Storage;
using ObjectQL.Sync.Server.Tests.Support;

namespace ObjectQL.Sync.Server.Tests.Server;

/// <summary>
/// A change row's id is its commit's transaction id and its ordinal (digits led by their count), so the store's own order
/// of ids is a commit's write order, and pulls and the prune read a commit's rows on the key. A store an earlier version
/// wrote (generated ids) is rekeyed when a server opens it, and reads on from where its clients stopped. A server of an
/// earlier version still writing beside it (a rolling upgrade) leaves commits unmarked: they are read by tx_id, then
/// rekeyed and marked.
/// </summary>
public abstract class ChangeKeyTests
{
    private const string Changes = "objectql_sync_change";
    private const string Commits = "objectql_sync_commit";

    /// <summary>The same store at every call (a file, a database), empty at the first.</summary>
    private protected abstract ObjectQLDatabaseBuilder UseStore(ObjectQLDatabaseBuilder builder);

    [Test]
    public async Task Ids_sort_in_write_order_across_ordinals_9_10_100_and_pages_ending_inside_commits_send_each_change_once()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var database = await OpenAsync(time);
        var server = await SyncServer.CreateAsync(database);
        var pusher = new TestClient();
        var reader = new TestClient("reader");
        await reader.SyncAsync(server);
        string[] written = [.. await PushAsync(server, pusher, "a", 3), .. await PushAsync(server, pusher, "b", 120), .. await PushAsync(server, pusher, "c", 12)];

        var rows = await database.System.Object(Changes).FindAsync(new Query
        {
            Where = new Filter.Comparison("tx_id", FilterOperator.Eq, (await TxIdsAsync(database))[1]),
            OrderBy = [new SortSpec(SystemFields.Id)],
        });
        Assert.That(rows.Select(r => Ordinal(r["ordinal"])), Is.EqualTo(Enumerable.Range(0, 120)), "the store orders a commit's ids by ordinal");
        var txId = (string)rows[0]["tx_id"]!;
        Assert.That(new[] { rows[9].Id, rows[10].Id, rows[100].Id }, Is.EqualTo(new[] { txId + "09", txId + "110", txId + "2100" }));

        var pulled = await PullAllAsync(server, reader, pageSize: 7);
        Assert.That(pulled, Is.EqualTo(written), "every change once, in commit order");
    }

    [Test]
    public async Task A_store_with_generated_change_ids_is_rekeyed_at_open_and_pulled_pushed_and_pruned_with_every_change_once()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var (pusher, reader, fresh) = (new TestClient(), new TestClient("reader"), new TestClient("fresh"));
        List<string> written = [];
        List<string> before;
        await using (var earlier = await OpenAsync(time))
        {
            var server = await SyncServer.CreateAsync(earlier);
            // Both readers read the log from its start (a checkpoint taken before any commit), not a snapshot.
            await reader.SyncAsync(server);
            await fresh.SyncAsync(server);
            written.AddRange(await PushAsync(server, pusher, "a", 3));
            written.AddRange(await PushAsync(server, pusher, "b", 15));
            written.AddRange(await PushAsync(server, pusher, "c", 4));
            // Five changes: the page ends inside the second commit, and the reader goes on after the upgrade from there.
            var first = await server.HandleAsync(reader.Request(), reader.Context, pageSize: 5, CancellationToken.None);
            reader.Checkpoint = first.Checkpoint;
            before = first.ServerChanges.Select(c => c.RecordId).ToList();
            Assert.That(first.HasMore, Is.True);
            await WriteAsEarlierVersionsDidAsync(earlier);
            await earlier.System.Object("objectql_sync_state").UpdateAsync("log", new Record { ["change_keys"] = null });
        }
        // The change table's indexes as earlier versions declared them (schema sync makes them, and drops the one this
        // version declares): the open below drops the tx_id index and rebuilds the base-image index over stored rows.
        await using (var _ = await UseStore(ObjectQLDatabase.CreateBuilder()).AddModel(TestModel.Objects).AddPlugin(EarlierChangeIndexes()).OpenAsync())
        {
        }

        await using var database = await OpenAsync(time);
        var upgraded = await SyncServer.CreateAsync(database);

        var rows = await database.System.Object(Changes).FindAsync(Query.All);
        Assert.That(rows, Has.Count.EqualTo(22));
        Assert.That(rows.Where(r => !r.Id!.StartsWith((string)r["tx_id"]!, StringComparison.Ordinal)), Is.Empty, "every row keyed by its commit");
        Assert.That((await database.System.Object(Commits).FindAsync(Query.All)).Select(c => c["keyed"]).ToList(), Has.Count.EqualTo(3).And.All.Not.Null, "every commit marked");
        var rest = await PullAllAsync(upgraded, reader, pageSize: 4);
        Assert.That(before.Concat(rest), Is.EqualTo(written), "the reader goes on from inside a rekeyed commit: every change once, in order");

        var added = await PushAsync(upgraded, pusher, "d", 2);
        written.AddRange(added);
        Assert.That(await PullAllAsync(upgraded, reader), Is.EqualTo(added), "a commit written after the upgrade");
        Assert.That(await PullAllAsync(upgraded, fresh, pageSize: 6), Is.EqualTo(written), "rekeyed and new commits read alike");
        time.Advance(TimeSpan.FromDays(31));
        var pruned = await upgraded.PruneAsync();
        Assert.That((pruned.Commits, pruned.Changes), Is.EqualTo((3L, 22L)), "the rekeyed commits' rows are pruned with them (the newest commit stays)");
        Assert.That((await database.System.Object(Changes).FindAsync(Query.All)).Select(r => r["record_id"]), Is.EquivalentTo(added));
    }

    [Test]
    public async Task A_commit_an_earlier_version_writes_after_the_upgrade_is_pulled_once_in_order_then_rekeyed_and_marked_with_a_warning()
    {
        var logs = new CapturingLoggerFactory(LogLevel.Warning);
        await using var started = await StartAsync(logs);
        var (_, database, server, pusher) = started;
        var (reader, fresh) = (new TestClient("reader"), new TestClient("fresh"));
        await reader.SyncAsync(server);
        await fresh.SyncAsync(server);
        string[] written = [.. await PushAsync(server, pusher, "a", 3), .. await PushAsync(server, pusher, "b", 15), .. await PushAsync(server, pusher, "c", 4)];
        var (txId, position) = (await TxIdsAsync(database))[1] is var b ? (b, await PositionOfAsync(database, b)) : default;
        // Each read below goes through a server of its own, whose memory of read commits is empty, so it reads the store.
        await WriteAsEarlierVersionsDidAsync(database, txId);

        // Three of the first commit and two of the earlier version's: a page ending inside it, read by tx_id in ordinal order.
        var first = await (await SyncServer.CreateAsync(database)).HandleAsync(reader.Request(), reader.Context, pageSize: 5, CancellationToken.None);
        reader.Checkpoint = first.Checkpoint;
        Assert.That(first.HasMore, Is.True);
        var pulled = first.ServerChanges.Select(c => c.RecordId).ToList();
        Assert.That(pulled, Is.EqualTo(written.Take(5)));
        await AssertRekeyedAsync(database, txId, 15);
        Assert.That(logs.Entries.Where(e => e.Level == LogLevel.Warning).Select(e => e.Message),
            Has.One.StartsWith($"Commit {position} of the sync log was written by a server of an earlier version"));

        // Written so again (as the next such commit would be), and read on from the checkpoint inside it.
        await WriteAsEarlierVersionsDidAsync(database, txId);
        pulled.AddRange(await PullAllAsync(await SyncServer.CreateAsync(database), reader, pageSize: 4));
        Assert.That(pulled, Is.EqualTo(written), "every change once, in commit order, from inside the commit");
        await AssertRekeyedAsync(database, txId, 15);

        // Read whole, in one read with the keyed commit after it.
        await WriteAsEarlierVersionsDidAsync(database, txId);
        Assert.That(await PullAllAsync(await SyncServer.CreateAsync(database), fresh, pageSize: 30), Is.EqualTo(written), "whole commits");
        await AssertRekeyedAsync(database, txId, 15);
    }

    [Test]
    public async Task Servers_reading_an_earlier_versions_commit_at_once_rekey_it_once_and_each_pulls_every_change_once()
    {
        await using var started = await StartAsync();
        var (_, database, server, pusher) = started;
        var readers = Enumerable.Range(0, 12).Select(i => new TestClient("reader" + i)).ToArray();
        foreach (var reader in readers)
        {
            await reader.SyncAsync(server);
        }
        string[] written = [.. await PushAsync(server, pusher, "a", 60), .. await PushAsync(server, pusher, "b", 3)];
        var txId = (await TxIdsAsync(database))[0];
        foreach (var round in readers.Chunk(3))
        {
            await WriteAsEarlierVersionsDidAsync(database, txId);
            var servers = await Task.WhenAll(round.Select(_ => SyncServer.CreateAsync(database)));
            var pulls = await Task.WhenAll(round.Select((reader, i) => PullAllAsync(servers[i], reader, pageSize: 100)));
            Assert.That(pulls, Has.All.EqualTo(written));
            await AssertRekeyedAsync(database, txId, 60);
        }
    }

    [Test]
    public async Task The_prune_removes_commits_an_earlier_version_wrote_after_the_upgrade_whole()
    {
        await using var started = await StartAsync();
        var (time, database, server, pusher) = started;
        await PushAsync(server, pusher, "a", 3);
        await PushAsync(server, pusher, "b", 15);
        var kept = await PushAsync(server, pusher, "c", 4);
        var txIds = await TxIdsAsync(database);
        await WriteAsEarlierVersionsDidAsync(database, txIds[0]);
        await WriteAsEarlierVersionsDidAsync(database, txIds[1]);

        time.Advance(TimeSpan.FromDays(31));
        var pruned = await server.PruneAsync();

        Assert.That((pruned.Commits, pruned.Changes), Is.EqualTo((2L, 18L)), "both commits with every row (the newest commit stays)");
        Assert.That((await database.System.Object(Changes).FindAsync(Query.All)).Select(r => r["record_id"]), Is.EquivalentTo(kept));
    }

    [Test]
    public async Task Rekeying_a_commit_whose_row_was_deleted_by_hand_while_its_rows_stay_gives_up_and_leaves_no_commit_row()
    {
        await using var started = await StartAsync();
        var (_, database, server, pusher) = started;
        await PushAsync(server, pusher, "a", 4);
        var txId = (await TxIdsAsync(database))[0];
        await WriteAsEarlierVersionsDidAsync(database, txId);
        var commit = (await database.System.Object(Commits).FindAsync(new Query { Where = new Filter.Comparison("tx_id", FilterOperator.Eq, txId) })).Single();
        await database.System.Object(Commits).DeleteAsync(commit.Id!);

        // Every try loses (no commit row to mark), so without a bound it would try until cancelled.
        using var hang = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        var rekeyed = await ChangeKeyUpgrade.RekeyCommitAsync(database, commit, hang.Token);

        // Every store gives up: SQLite and PostgreSQL count no marked row, D1 refuses the batch whose mark finds no row.
        Assert.That(rekeyed, Is.Zero);
        Assert.That(await database.System.Object(Commits).FindAsync(new Query { Where = new Filter.Comparison("tx_id", FilterOperator.Eq, txId) }), Is.Empty,
            "the mark recreates no commit row");
        Assert.That(await database.System.Object(Changes).FindAsync(new Query { Where = new Filter.Comparison("tx_id", FilterOperator.Eq, txId) }), Has.Count.EqualTo(4),
            "no row lost");
    }

    // The commit's change rows are keyed by it (and as many as it wrote), and its commit row is marked.
    private static async Task AssertRekeyedAsync(ObjectQLDatabase database, string txId, int count)
    {
        var rows = await database.System.Object(Changes).FindAsync(new Query { Where = new Filter.Comparison("tx_id", FilterOperator.Eq, txId) });
        Assert.That(rows.Select(r => r.Id).ToList(), Is.EquivalentTo(rows.Select(r => txId + Key(Ordinal(r["ordinal"])))).And.Count.EqualTo(count), "rekeyed");
        var commit = await database.System.Object(Commits).FindAsync(new Query { Where = new Filter.Comparison("tx_id", FilterOperator.Eq, txId) });
        Assert.That(commit.Single()["keyed"], Is.Not.Null, "marked");
    }

    // An ordinal's part of a key: its digits led by their count less one.
    private static string Key(int ordinal)
    {
        var digits = ordinal.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return (digits.Length - 1).ToString(System.Globalization.CultureInfo.InvariantCulture) + digits;
    }

    private static async Task<long> PositionOfAsync(ObjectQLDatabase database, string txId) =>
        (long)Convert.ToDouble((await database.System.Object(Commits).FindAsync(new Query { Where = new Filter.Comparison("tx_id", FilterOperator.Eq, txId) }))
            .Single()["position"], System.Globalization.CultureInfo.InvariantCulture);

    // The change rows under generated ids (UUIDv7 text, as the pipeline gives one) and the commit rows without the mark
    // this version writes: as earlier versions wrote them (every commit, or the one of txId).
    private static async Task WriteAsEarlierVersionsDidAsync(ObjectQLDatabase database, string? txId = null)
    {
        var ofCommit = txId is null ? null : new Filter.Comparison("tx_id", FilterOperator.Eq, txId);
        var changes = database.System.Object(Changes);
        var rows = await changes.FindAsync(new Query { Where = ofCommit });
        await database.System.TransactionAsync(async (tx, ct) =>
        {
            await tx.Object(Changes).DeleteByIdsAsync(rows.Select(r => r.Id!).ToArray(), ct);
            foreach (var row in rows)
            {
                var earlier = new Record { [SystemFields.Id] = Guid.CreateVersion7().ToString() };
                foreach (var (field, value) in row)
                {
                    if (!SystemFields.IsSystemField(field))
                    {
                        earlier[field] = value;
                    }
                }
                await tx.Object(Changes).CreateAsync(earlier, ct);
            }
            foreach (var commit in await tx.Object(Commits).FindAsync(new Query { Where = ofCommit }, ct))
            {
                await tx.Object(Commits).UpdateAsync(commit.Id!, new Record { ["keyed"] = null }, ct);
            }
        });
    }

    // The change rows' object as earlier versions declared it: the same table and fields, indexed on tx_id and on
    // (object_name, record_id, version).
    private static EarlierSystemObject EarlierChangeIndexes()
    {
        var (text, number, json) = (FieldType.Text, FieldType.Number, FieldType.Textarea);
        return new EarlierSystemObject(
            Changes, "_objectql_sync_changes",
            [
                .. new (string Name, FieldType Type)[] { ("tx_id", text), ("ordinal", number), ("tenant_id", text), ("object_name", text), ("record_id", text), ("operation", text),
                    ("version", number), ("clock", text), ("field_clocks", json), ("data", json), ("client_id", text), ("mutation_id", text),
                    ("committed_at", FieldType.DateTime) }.Select(f => EarlierSystemObject.Field(f.Name, f.Type)),
            ],
            EarlierSystemObject.Index("tx_id"), EarlierSystemObject.Index("object_name", "record_id", "version"));
    }

    // A store this version opened, with its server created (the upgrade done), its clock and a client to push.
    private async Task<Started> StartAsync(ILoggerFactory? logs = null)
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var database = await OpenAsync(time, logs);
        return new Started(time, database, await SyncServer.CreateAsync(database), new TestClient());
    }

    private sealed record Started(FakeTimeProvider Time, ObjectQLDatabase Database, SyncServer Server, TestClient Pusher) : IAsyncDisposable
    {
        public ValueTask DisposeAsync() => Database.DisposeAsync();
    }

    private async Task<ObjectQLDatabase> OpenAsync(TimeProvider time, ILoggerFactory? logs = null)
    {
        // A commit of 120 changes: one push of 120.
        var options = SyncHarness.Options(new ObjectQL.Sync.Server.Configuration.SyncEndpointConfig { MaxMutationsPerRequest = 200 }, time: time);
        return await UseStore(ObjectQLDatabase.CreateBuilder())
            .AddModel(TestModel.Objects)
            .AddPlugin(new SyncServerPlugin(options))
            .ConfigureOptions(o => o with { TimeProvider = time, Diagnostics = o.Diagnostics with { LoggerFactory = logs } })
            .OpenAsync();
    }

    // One push of count creates, one commit: record ids prefix000, prefix001, ... in write order.
    private static async Task<string[]> PushAsync(SyncServer server, TestClient pusher, string prefix, int count)
    {
        var ids = Enumerable.Range(0, count).Select(i => prefix + i.ToString("D3", System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        var response = await pusher.SyncAsync(server, ids.Select(id => pusher.Create(TestModel.Todo, id, ("title", id))).ToArray());
        Assert.That(response.Results, Has.All.TypeOf<SyncMutationApplied>());
        return ids;
    }

    private static async Task<List<string>> TxIdsAsync(ObjectQLDatabase database) =>
        (await database.System.Object(Commits).FindAsync(new Query { OrderBy = [new SortSpec("position")] }))
        .Select(c => (string)c["tx_id"]!).ToList();

    private static async Task<List<string>> PullAllAsync(SyncServer server, TestClient client, int? pageSize = null)
    {
        var ids = new List<string>();
        SyncPushResponse response;
        var pages = 0;
        do
        {
            response = await server.HandleAsync(client.Request(), client.Context, pageSize, CancellationToken.None);
            Assert.That(response.ResyncReason, Is.Null);
            client.Checkpoint = response.Checkpoint;
            ids.AddRange(response.ServerChanges.Select(c => c.RecordId));
            Assert.That(++pages, Is.LessThan(1_000), "the delta never ended");
        }
        while (response.HasMore);
        return ids;
    }

    private static int Ordinal(object? value) => (int)Convert.ToDouble(value, System.Globalization.CultureInfo.InvariantCulture);
}
