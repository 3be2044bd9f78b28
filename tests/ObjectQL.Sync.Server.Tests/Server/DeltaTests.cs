using ObjectQL.Sync.Protocol;
using ObjectQL.Sync.Server.Configuration;
using ObjectQL.Sync.Server.Tests.Support;

namespace ObjectQL.Sync.Server.Tests.Server;

/// <summary>Deltas: snapshot then log, paging, filtering by what the caller may read, objects not pulled.</summary>
public class DeltaTests
{
    [Test]
    public async Task First_sync_is_a_snapshot_then_the_log_in_pages_each_change_once()
    {
        await using var harness = await SyncHarness.OpenSqliteAsync(SyncHarness.Options(new SyncEndpointConfig { MaxChangesPerResponse = 3 }));
        var objects = harness.Database.Object(TestModel.Todo);
        for (var i = 0; i < 7; i++)
        {
            await objects.CreateAsync(new Record { ["id"] = $"old-{i}", ["title"] = $"old {i}" });
        }
        var client = new TestClient();
        var first = await client.SyncAsync(harness.Server);
        Assert.That(first.HasMore, Is.True);
        Assert.That(first.ServerChanges, Has.Count.EqualTo(3));
        await objects.UpdateAsync("old-0", new Record { ["title"] = "changed during the snapshot" });
        for (var i = 0; i < 4; i++)
        {
            await objects.CreateAsync(new Record { ["id"] = $"new-{i}", ["title"] = $"new {i}" });
        }
        var rest = await client.PullAllAsync(harness.Server);
        var all = first.ServerChanges.Concat(rest).ToList();

        Assert.That(all.Take(7).Select(c => (c.RecordId, c.Operation)), Is.EqualTo(Enumerable.Range(0, 7).Select(i => ($"old-{i}", MutationOperation.Create))),
            "the snapshot, by id");
        Assert.That(all.Skip(7).Select(c => $"{c.RecordId}/{c.Operation}/{c.ServerVersion}"), Is.EqualTo(new[]
        {
            "old-0/Update/2", "new-0/Create/1", "new-1/Create/1", "new-2/Create/1", "new-3/Create/1",
        }), "then the log from the head the snapshot started at");
        Assert.That(all.Where(c => c.RecordId != "old-0").Select(c => c.RecordId), Is.Unique);
        Assert.That(await client.PullAllAsync(harness.Server), Is.Empty);
    }

    [Test]
    public async Task Pages_that_stop_inside_commits_of_any_size_send_each_change_once_in_commit_order()
    {
        await using var harness = await SyncHarness.OpenSqliteAsync(SyncHarness.Options(new SyncEndpointConfig { MaxChangesPerResponse = 3 }));
        var objects = harness.Database.Object(TestModel.Todo);
        var first = new TestClient();
        var second = new TestClient();
        await first.SyncAsync(harness.Server);
        await second.SyncAsync(harness.Server);
        // Commits of 1, 7, 1, 1 and 5 changes: the pages of 3 stop inside the large ones, and each pull starts with the
        // batch size the pull before it left behind (single-change commits, then large ones, then single ones).
        var commits = new[] { ("a", 1), ("b", 7), ("c", 1), ("d", 1), ("e", 5) };
        foreach (var (name, size) in commits)
        {
            await objects.CreateManyAsync(Enumerable.Range(0, size).Select(i => new Record { ["id"] = $"{name}{i}", ["title"] = $"{name} {i}" }).ToList());
        }
        var expected = commits.SelectMany(c => Enumerable.Range(0, c.Item2).Select(i => $"{c.Item1}{i}")).ToList();

        Assert.That((await first.PullAllAsync(harness.Server)).Select(c => c.RecordId), Is.EqualTo(expected));
        Assert.That((await second.PullAllAsync(harness.Server)).Select(c => c.RecordId), Is.EqualTo(expected), "after a pull that sized its batches");
        await objects.CreateManyAsync(Enumerable.Range(0, 8).Select(i => new Record { ["id"] = $"f{i}", ["title"] = $"f {i}" }).ToList());
        await objects.UpdateAsync("b3", new Record { ["title"] = "b 3 again" });
        var later = Enumerable.Range(0, 8).Select(i => $"f{i}").Append("b3").ToList();
        Assert.That((await first.PullAllAsync(harness.Server)).Select(c => c.RecordId), Is.EqualTo(later));
        Assert.That((await second.PullAllAsync(harness.Server)).Select(c => c.RecordId), Is.EqualTo(later));
    }

    [Test]
    public async Task Records_the_caller_may_not_read_do_not_cost_it_the_ones_it_may_in_a_commit_larger_than_a_page()
    {
        await using var harness = await SyncHarness.OpenSqliteAsync(SyncHarness.Options(new SyncEndpointConfig { MaxChangesPerResponse = 3 }));
        var alice = new TestClient("alice");
        await alice.SyncAsync(harness.Server);
        var owned = harness.Database.Object(TestModel.Owned);
        var owners = new[] { "bob", "bob", "alice", "bob", "bob", "bob", "bob", "alice", "alice", "bob", "alice" };
        await owned.CreateManyAsync(owners.Select((owner, i) => new Record { ["id"] = $"r{i}", ["title"] = $"{i}", ["owner"] = owner }).ToList());
        var pushed = await alice.SyncAsync(harness.Server, alice.Create(TestModel.Owned, "mine", ("title", "mine"), ("owner", "alice")));
        Assert.That(pushed.ServerChanges.Select(c => c.RecordId), Is.EqualTo(new[] { "r2", "r7", "r8" }), "the first page of three");
        await harness.Database.TransactionAsync(async (tx, ct) =>
        {
            foreach (var id in new[] { "r0", "r1", "r3", "r4", "r10", "r5", "r2" })
            {
                await tx.Object(TestModel.Owned).UpdateAsync(id, new Record { ["title"] = "again" }, ct);
            }
            await tx.Object(TestModel.Owned).UpdateAsync("r7", new Record { ["owner"] = "bob" }, ct);
        });

        var rest = await alice.PullAllAsync(harness.Server);
        // An update of a record the caller cannot read arrives as remove: the server does not know whether it was seen.
        Assert.That(rest.Select(c => $"{c.RecordId}/{c.Operation}"), Is.EqualTo(new[]
        {
            "r10/Create", "r0/Remove", "r1/Remove", "r3/Remove", "r4/Remove", "r10/Update", "r5/Remove", "r2/Update", "r7/Remove",
        }));
    }

    [Test]
    public async Task A_commit_larger_than_a_page_read_a_page_at_a_time_skips_the_callers_own_and_unreadable_rows_and_loses_none()
    {
        await using var harness = await SyncHarness.OpenSqliteAsync(SyncHarness.Options(new SyncEndpointConfig { MaxChangesPerResponse = 3 }));
        await PagesOfLargeCommitsAsync(harness.Database, harness.Server);
    }

    // A page reads a commit larger than itself only as far as its room (and one row more): the caller's own rows and rows
    // it may not read fill no room, so a page goes on reading the same commit in further rounds until it is full.
    internal static async Task PagesOfLargeCommitsAsync(ObjectQLDatabase database, SyncServer server)
    {
        var alice = new TestClient("alice");
        var bob = new TestClient("bob");
        await alice.SyncAsync(server);
        await bob.SyncAsync(server);
        // Bob's own commit of 8 rows (alice may read three of them), then a commit of 11 rows written by no client; a
        // record created unseen and not readable now (s9 for alice) is not sent at all.
        var bobs = Enumerable.Range(0, 8).Select(i => bob.Create(TestModel.Owned, $"b{i}", ("title", $"{i}"), ("owner", i % 3 == 0 ? "alice" : "bob"))).ToArray();
        await bob.SyncAsync(server, bobs);
        var owners = new[] { "bob", "bob", "bob", "bob", "alice", "bob", "bob", "bob", "bob", "alice", "alice" };
        await database.Object(TestModel.Owned).CreateManyAsync(owners.Select((owner, i) => new Record { ["id"] = $"s{i}", ["title"] = $"{i}", ["owner"] = owner }).ToList());
        await database.TransactionAsync(async (tx, ct) =>
        {
            foreach (var id in new[] { "s0", "s1", "s2", "b1", "b2", "s4" })
            {
                await tx.Object(TestModel.Owned).UpdateAsync(id, new Record { ["title"] = "again" }, ct);
            }
            await tx.Object(TestModel.Owned).UpdateAsync("s9", new Record { ["owner"] = "bob" }, ct);
        });

        var alicePages = new List<int>();
        var aliceChanges = new List<string>();
        do
        {
            var page = await alice.SyncAsync(server);
            alicePages.Add(page.ServerChanges.Count);
            aliceChanges.AddRange(page.ServerChanges.Select(c => $"{c.RecordId}/{c.Operation}"));
            if (!page.HasMore)
            {
                break;
            }
        }
        while (true);
        Assert.That(aliceChanges, Is.EqualTo(new[]
        {
            "b0/Create", "b3/Create", "b6/Create", "s4/Create", "s10/Create",
            "s0/Remove", "s1/Remove", "s2/Remove", "b1/Remove", "b2/Remove", "s4/Update", "s9/Remove",
        }));
        Assert.That(alicePages.Take(alicePages.Count - 1), Is.All.EqualTo(3), "every page but the last is full");
        // Bob's own rows are not echoed; of the rest he reads what he owns now (s9 too, created before it became his).
        Assert.That((await bob.PullAllAsync(server)).Select(c => $"{c.RecordId}/{c.Operation}"), Is.EqualTo(new[]
        {
            "s0/Create", "s1/Create", "s2/Create", "s3/Create", "s5/Create", "s6/Create", "s7/Create", "s8/Create", "s9/Create",
            "s0/Update", "s1/Update", "s2/Update", "b1/Update", "b2/Update", "s4/Remove", "s9/Update",
        }));
        Assert.That(await alice.PullAllAsync(server), Is.Empty);
        Assert.That(await bob.PullAllAsync(server), Is.Empty);
    }

    [Test]
    public async Task A_page_that_reads_only_the_callers_own_rows_of_a_commit_goes_on_to_the_rows_after_them()
    {
        await using var harness = await SyncHarness.OpenSqliteAsync(SyncHarness.Options(new SyncEndpointConfig { MaxChangesPerResponse = 3 }));
        await OwnRowsThenOthersInOneCommitAsync(harness.Database, harness.Server);
    }

    // One commit: six rows of the caller's own push, then three its hook wrote (no client's). A page of three reads four
    // rows of the commit, all its own: it must go on from the fourth, not take the commit as read.
    internal static async Task OwnRowsThenOthersInOneCommitAsync(ObjectQLDatabase database, SyncServer server)
    {
        using var hook = database.Hooks.After(HookOperation.Create, TestModel.Owned, async (context, ct) =>
        {
            if (context.Id == "b5")
            {
                for (var i = 0; i < 3; i++)
                {
                    await context.Session.Object(TestModel.Todo).CreateAsync(new Record { ["id"] = $"hooked-{i}", ["title"] = $"{i}" }, ct);
                }
            }
        });
        var bob = new TestClient("bob");
        await bob.SyncAsync(server);
        var pushed = await bob.SyncAsync(server, Enumerable.Range(0, 6).Select(i => bob.Create(TestModel.Owned, $"b{i}", ("title", $"{i}"), ("owner", "bob"))).ToArray());
        Assert.That(pushed.Results, Has.All.TypeOf<SyncMutationApplied>());
        var received = pushed.ServerChanges.Concat(pushed.HasMore ? await bob.PullAllAsync(server) : []).Select(c => c.RecordId).ToList();

        Assert.That(received, Is.EqualTo(new[] { "hooked-0", "hooked-1", "hooked-2" }), "the hook's rows, once, after the own rows");
        Assert.That(await bob.PullAllAsync(server), Is.Empty);
    }

    [Test]
    public async Task A_page_ends_at_the_byte_budget_but_holds_at_least_one_change()
    {
        await using var harness = await SyncHarness.OpenSqliteAsync(SyncHarness.Options(new SyncEndpointConfig { MaxChangeBytesPerResponse = 1 }));
        var client = new TestClient();
        await client.SyncAsync(harness.Server);
        await harness.Database.Object(TestModel.Todo).CreateManyAsync([new Record { ["id"] = "p1", ["title"] = "1" }, new Record { ["id"] = "p2", ["title"] = "2" }]);
        var page = await client.SyncAsync(harness.Server);
        Assert.That(page.ServerChanges.Select(c => c.RecordId), Is.EqualTo(new[] { "p1" }));
        Assert.That(page.HasMore, Is.True);
        var next = await client.SyncAsync(harness.Server);
        Assert.That(next.ServerChanges.Select(c => c.RecordId), Is.EqualTo(new[] { "p2" }));
        Assert.That(next.HasMore, Is.False);
    }

    [Test]
    public async Task Only_readable_records_are_sent_and_one_that_leaves_the_view_arrives_as_remove()
    {
        await using var harness = await SyncHarness.OpenSqliteAsync();
        var alice = new TestClient("alice");
        await alice.SyncAsync(harness.Server);
        var owned = harness.Database.Object(TestModel.Owned);
        await owned.CreateAsync(new Record { ["id"] = "hers", ["title"] = "a", ["owner"] = "alice" });
        await owned.CreateAsync(new Record { ["id"] = "his", ["title"] = "b", ["owner"] = "bob" });
        Assert.That((await alice.PullAllAsync(harness.Server)).Select(c => c.RecordId), Is.EqualTo(new[] { "hers" }));

        await owned.UpdateAsync("hers", new Record { ["owner"] = "bob" });
        var left = await alice.PullAllAsync(harness.Server);
        Assert.That(left.Select(c => (c.RecordId, c.Operation)), Is.EqualTo(new[] { ("hers", MutationOperation.Remove) }));
        Assert.That(left[0].Data, Is.Null);
    }

    [Test]
    public async Task A_find_hook_that_hides_a_field_is_honoured_by_the_log_and_the_snapshot()
    {
        await using var harness = await SyncHarness.OpenSqliteAsync();
        using var hook = harness.Database.Hooks.After(HookOperation.Find, TestModel.Todo, (context, _) =>
        {
            context.Result = ((IReadOnlyList<Record>)context.Result!).Select(record =>
            {
                var masked = record.Clone();
                masked.Remove("title");
                return masked;
            }).ToList();
            return ValueTask.CompletedTask;
        });
        var client = new TestClient();
        await client.SyncAsync(harness.Server);
        await harness.Database.Object(TestModel.Todo).CreateAsync(new Record { ["id"] = "t1", ["title"] = "secret", ["done"] = true });
        var logged = await client.PullAllAsync(harness.Server);
        var snapshot = await new TestClient().PullAllAsync(harness.Server);

        foreach (var (change, how) in new[] { (logged.Single(), "log"), (snapshot.Single(), "snapshot") })
        {
            Assert.That(change.Data!.ContainsKey("title"), Is.False, how);
            Assert.That(change.Data["done"].GetBoolean(), Is.True, how);
        }
    }

    [Test]
    public async Task A_page_goes_on_the_wire_as_the_serializer_writes_it()
    {
        await using var harness = await SyncHarness.OpenSqliteAsync();
        var client = new TestClient();
        await client.SyncAsync(harness.Server);
        await harness.Database.Object(TestModel.Todo).CreateManyAsync([new Record { ["id"] = "w1", ["title"] = "one \"quoted\"" }, new Record { ["id"] = "w2", ["title"] = "two" }]);
        var page = await client.SyncAsync(harness.Server, client.Create(TestModel.Todo, "w3", ("title", "mine")));
        Assert.That(page.ServerChanges, Has.Count.EqualTo(2));

        var sent = SyncJson.Write(page, SyncJson.Context.SyncPushResponse);
        var serialized = System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(page with { ServerChanges = [.. page.ServerChanges] }, SyncJson.Context.SyncPushResponse);
        Assert.That(System.Text.Encoding.UTF8.GetString(sent), Is.EqualTo(System.Text.Encoding.UTF8.GetString(serialized)));
        Assert.That(SyncJson.Write(page, SyncJson.Context.SyncPushResponse), Is.EqualTo(sent), "written again, after the page's text was taken");
    }

    [Test]
    public async Task A_log_change_carries_its_stored_post_image_byte_for_byte()
    {
        await using var harness = await SyncHarness.OpenSqliteAsync();
        var client = new TestClient();
        await client.SyncAsync(harness.Server);
        await harness.Database.Object(TestModel.Todo).CreateAsync(new Record { ["id"] = "b1", ["title"] = "caf\u00e9 \u2713 \"quoted\" \\ </tag>" });
        var stored = (string)(await harness.Database.System.Object("objectql_sync_change").FindAsync(ObjectQL.Querying.Query.All)).Single()["data"]!;

        var page = await client.SyncAsync(harness.Server);

        using var sent = System.Text.Json.JsonDocument.Parse(SyncJson.Write(page, SyncJson.Context.SyncPushResponse));
        var data = sent.RootElement.GetProperty("serverChanges")[0].GetProperty("data");
        Assert.That(data.GetRawText(), Is.EqualTo(stored));
        Assert.That(page.ServerChanges[0].Data!["title"].GetString(), Is.EqualTo("caf\u00e9 \u2713 \"quoted\" \\ </tag>"), "read as a dictionary, the kept text parses");
    }

    [Test]
    public async Task A_tenant_receives_only_its_own_tenants_changes()
    {
        await using var harness = await SyncHarness.OpenSqliteAsync();
        var inA = new TestClient("ann", "tenant-a");
        var inB = new TestClient("bert", "tenant-b");
        await inA.SyncAsync(harness.Server);
        await inB.SyncAsync(harness.Server);
        var pushed = await inA.SyncAsync(harness.Server, inA.Create(TestModel.Tenanted, "a1", ("title", "for a")));
        Assert.That(pushed.Results[0], Is.TypeOf<SyncMutationApplied>());
        await inB.SyncAsync(harness.Server, inB.Create(TestModel.Tenanted, "b1", ("title", "for b")));
        Assert.That((await inB.PullAllAsync(harness.Server)).Select(c => c.RecordId), Is.Empty, "a1 belongs to tenant a; b1 is b's own echo");
        var ofA = await inA.PullAllAsync(harness.Server);
        Assert.That(ofA.Select(c => c.RecordId), Is.Empty);
        var newcomer = new TestClient("bea", "tenant-b");
        Assert.That((await newcomer.PullAllAsync(harness.Server)).Select(c => c.RecordId), Is.EqualTo(new[] { "b1" }));
        var changes = await harness.Database.System.Object("objectql_sync_change").FindAsync(ObjectQL.Querying.Query.All);
        Assert.That(changes.Select(c => c["tenant_id"]).Order(), Is.EqualTo(new[] { "tenant-a", "tenant-b" }), "log rows carry the record's tenant");
    }

    [Test]
    public async Task Objects_not_pulled_never_appear_in_a_delta()
    {
        await using var harness = await SyncHarness.OpenSqliteAsync();
        var db = harness.Database;
        await db.Object(TestModel.Unsynced).CreateAsync(new Record { ["id"] = "u", ["title"] = "local" });
        await db.Object(TestModel.PushOnly).CreateAsync(new Record { ["id"] = "e", ["title"] = "event" });
        await db.Object(TestModel.Unpermitted).CreateAsync(new Record { ["id"] = "o", ["title"] = "open" });
        await db.Object(TestModel.PullOnly).CreateAsync(new Record { ["id"] = "c", ["title"] = "catalog" });
        var client = new TestClient();
        Assert.That((await client.PullAllAsync(harness.Server)).Select(c => c.RecordId), Is.EqualTo(new[] { "c" }), "snapshot");
        await db.Object(TestModel.PushOnly).CreateAsync(new Record { ["id"] = "e2", ["title"] = "event" });
        await db.Object(TestModel.Unpermitted).CreateAsync(new Record { ["id"] = "o2", ["title"] = "open" });
        await db.Object(TestModel.PullOnly).CreateAsync(new Record { ["id"] = "c2", ["title"] = "catalog" });
        Assert.That((await client.PullAllAsync(harness.Server)).Select(c => c.RecordId), Is.EqualTo(new[] { "c2" }), "log");
    }

    [Test]
    public async Task A_push_and_its_delta_are_one_round_trip()
    {
        await using var harness = await SyncHarness.OpenSqliteAsync();
        var client = new TestClient();
        await client.SyncAsync(harness.Server);
        await harness.Database.Object(TestModel.Todo).CreateAsync(new Record { ["id"] = "theirs", ["title"] = "from the server" });
        var response = await client.SyncAsync(harness.Server, client.Create(TestModel.Todo, "mine", ("title", "mine")));
        Assert.That(response.Results[0], Is.TypeOf<SyncMutationApplied>());
        Assert.That(response.ServerChanges.Select(c => c.RecordId), Is.EqualTo(new[] { "theirs" }));
        Assert.That(response.HighestSequence, Is.EqualTo(1));
    }
}
