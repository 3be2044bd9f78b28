using System.Collections.Concurrent;
using System.Text.Json;
using ObjectQL.Drivers;
using ObjectQL.Metadata;
using ObjectQL.Querying;
using ObjectQL.Sync.Client.Merge;
using ObjectQL.Sync.Protocol;

namespace ObjectQL.Sync.Client.Tests;

// A pulled delta applies in batches (ChangeApplier.BatchSize changes each): the held copies, the pending mutations and
// the local rows read once per batch, the writes in bulk, with the same outcome as one change at a time. The pages
// before the last are staged one row per page and applied with the last page.
[TestFixtureSource(typeof(ClientHarness), nameof(ClientHarness.Stores))]
public sealed class BatchedPullTests(string driver)
{
    // More than two batches, so a record can be changed in one batch and again in a later one.
    private const int Count = (2 * ChangeApplier.BatchSize) + 100;

    private const string Staging = "_objectql_client_staging";

    private ClientHarness _h = null!;
    private CountingDriver _counts = null!;

    [SetUp]
    public async Task SetUp() => _h = await ClientHarness.OpenAsync(driver, wrap: inner => _counts = new CountingDriver(inner));

    [TearDown]
    public async Task TearDown()
    {
        await _h.DisposeAsync();
        ClientHarness.Delete(_h.File);
    }

    private static string Clock(int tick) => $"2026-12-03T09:{tick / 60000 % 60:00}:{tick / 1000 % 60:00}.{tick % 1000:000}Z-00000000-server";

    [Test]
    public async Task An_empty_last_page_after_full_ones_ends_the_pull_with_every_change_applied()
    {
        var client = await _h.StartAsync();
        _h.Server.PageSize = 100;
        _h.Server.FullPageHasMore = true;
        for (var i = 0; i < 200; i++)
        {
            _h.Server.Change("todo", $"t{i:D5}", MutationOperation.Create, 1, Clock(i + 1), FakeServer.Data(("title", $"todo {i}")));
        }
        var before = _h.Server.Requests.Count;
        await client.WaitForSyncAsync();

        Assert.That(_h.Server.Requests.Skip(before).Select(r => r.LastCheckpoint), Is.EqualTo(new[] { "0", "100", "200" }), "two full pages, then the empty one");
        Assert.That(await _h.Todos.CountAsync(), Is.EqualTo(200));
        Assert.That(await _h.Database.System.Object(Staging).CountAsync(), Is.Zero, "nothing left staged");
    }

    [Test]
    public async Task A_pull_of_many_changes_reads_each_store_table_per_batch_not_per_change()
    {
        var client = await _h.StartAsync();
        for (var i = 0; i < Count; i++)
        {
            _h.Server.Change("todo", $"t{i:D5}", MutationOperation.Create, 1, Clock(i + 1), FakeServer.Data(("title", $"todo {i}"), ("done", i % 2 == 0)));
        }
        _counts.Reset();
        await client.WaitForSyncAsync();
        var (keyedReads, localReads, copyReads) = (_counts.FindOnes("todo") + _counts.FindOnes("_objectql_client_records"), _counts.Finds("todo"), _counts.Finds("_objectql_client_records"));

        Assert.That(await _h.Todos.CountAsync(), Is.EqualTo(Count));
        Assert.That((await _h.Todos.FindOneAsync("t00007"))!["title"], Is.EqualTo("todo 7"));
        var batches = (Count + ChangeApplier.BatchSize - 1) / ChangeApplier.BatchSize;
        Assert.Multiple(() =>
        {
            Assert.That(keyedReads, Is.Zero, "no keyed read per pulled change");
            Assert.That(localReads, Is.EqualTo(batches), "one read of the local rows per batch");
            Assert.That(copyReads, Is.EqualTo(batches), "one read of the held copies per batch");
        });
    }

    [Test]
    public async Task A_pending_edit_stays_on_top_of_a_batched_pull_whose_later_batch_changes_its_record_again()
    {
        var client = await _h.StartAsync();
        _h.Server.Change("todo", "edited", MutationOperation.Create, 1, Clock(1), FakeServer.Data(("title", "a"), ("done", false)));
        _h.Server.Change("todo", "deleted", MutationOperation.Create, 1, Clock(1), FakeServer.Data(("title", "d")));
        _h.Server.Change("todo", "removed", MutationOperation.Create, 1, Clock(1), FakeServer.Data(("title", "r")));
        await client.WaitForSyncAsync();

        // One page; the edited record's title changes in its first batch and again in its last.
        _h.Server.PageSize = 10 * Count;
        _h.Server.Change("todo", "edited", MutationOperation.Update, 2, Clock(2), FakeServer.Data(("title", "b"), ("done", false)),
            new Dictionary<string, string> { ["title"] = Clock(2), ["done"] = Clock(1) });
        for (var i = 0; i < Count; i++)
        {
            _h.Server.Change("todo", $"t{i:D5}", MutationOperation.Create, 1, Clock(i + 10), FakeServer.Data(("title", $"todo {i}")));
        }
        _h.Server.Change("todo", "edited", MutationOperation.Update, 3, Clock(Count + 20), FakeServer.Data(("title", "c"), ("done", false)),
            new Dictionary<string, string> { ["title"] = Clock(Count + 20), ["done"] = Clock(1) });
        _h.Server.Change("todo", "deleted", MutationOperation.Delete, 2, Clock(Count + 21));
        _h.Server.Change("todo", "removed", MutationOperation.Remove, 2, Clock(Count + 22));
        // The edit is made while the pull is on its way, so it is pending when the pull applies; the next request (which
        // carries it) sees what the pull left.
        var edited = false;
        Record? afterPull = null;
        _h.Server.BeforeAnswer = async request =>
        {
            if (!edited)
            {
                edited = true;
                await _h.Todos.UpdateAsync("edited", new Record { ["done"] = true });
            }
            else if (request.Mutations.Count > 0)
            {
                afterPull ??= await _h.Todos.FindOneAsync("edited");
            }
        };
        await client.SyncNowAsync();
        await client.WaitForSyncAsync();

        var deleted = await _h.Todos.FindOneAsync("deleted");
        var removed = await _h.Todos.FindOneAsync("removed");
        var count = await _h.Todos.CountAsync();
        var log = await _h.LogAsync();
        Assert.Multiple(() =>
        {
            Assert.That((afterPull?["title"], afterPull?["done"]), Is.EqualTo(((object)"c", (object)true)), "the pulled title under the pending field");
            Assert.That(deleted, Is.Null);
            Assert.That(removed, Is.Null);
            Assert.That(count, Is.EqualTo(Count + 1));
            Assert.That(log, Is.Empty);
        });
    }

    [Test]
    public async Task A_record_the_local_pipeline_refuses_is_skipped_alone_and_the_rest_of_its_batch_applies()
    {
        _h.Database.Hooks.Before(HookOperation.Create, "todo", (context, _) => context.Data?["title"] as string == "refused"
            ? throw new ObjectQLException(ErrorCodes.ValidationError, "refused", [new ErrorDetail("title", "refused", "refused")])
            : ValueTask.CompletedTask);
        var client = await _h.StartAsync();
        for (var i = 0; i < 20; i++)
        {
            _h.Server.Change("todo", $"t{i:D5}", MutationOperation.Create, 1, Clock(i + 1), FakeServer.Data(("title", i == 7 ? "refused" : $"todo {i}")));
        }
        await client.WaitForSyncAsync();

        var ids = (await _h.Todos.FindAsync(Query.All)).Select(r => r.Id).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(ids, Has.Count.EqualTo(19));
            Assert.That(ids, Does.Not.Contain("t00007"));
            Assert.That(client.Status.Activity, Is.EqualTo(SyncActivity.Idle));
        });
    }

    [Test]
    public async Task A_pull_of_five_pages_stages_four_rows_and_applies_them_with_the_last_page()
    {
        var client = await _h.StartAsync();
        for (var i = 0; i < 450; i++)
        {
            _h.Server.Change("todo", $"t{i:D3}", MutationOperation.Create, 1, Clock(i + 1), FakeServer.Data(("title", $"todo {i}")));
        }
        var stagedBeforeEachAnswer = new List<long>();
        var todosBeforeEachAnswer = new List<long>();
        _h.Server.BeforeAnswer = async _ =>
        {
            stagedBeforeEachAnswer.Add(await _h.Database.System.Object(Staging).CountAsync(null));
            todosBeforeEachAnswer.Add(await _h.Todos.CountAsync());
        };
        await client.SyncNowAsync();

        var staged = await _h.Database.System.Object(Staging).CountAsync(null);
        var last = await _h.Todos.FindOneAsync("t449");
        var count = await _h.Todos.CountAsync();
        Assert.Multiple(() =>
        {
            Assert.That(stagedBeforeEachAnswer, Is.EqualTo(new long[] { 0, 1, 2, 3, 4 }), "one row per page, the last page not staged");
            Assert.That(todosBeforeEachAnswer, Is.EqualTo(new long[] { 0, 0, 0, 0, 0 }), "nothing applied before the last page");
            Assert.That(count, Is.EqualTo(450));
            Assert.That(last?["title"], Is.EqualTo("todo 449"));
            Assert.That(staged, Is.Zero);
        });
    }

    [Test]
    public async Task Changes_staged_one_row_each_by_an_earlier_version_apply_before_the_pages_pulled_after_them()
    {
        var earlier = new SyncServerChange("todo", "t1", MutationOperation.Create, 1, "2026-12-03T09:00:00.000Z", Clock(1), FakeServer.Data(("title", "staged")));
        var older = new SyncServerChange("todo", "t2", MutationOperation.Create, 1, "2026-12-03T09:00:00.000Z", Clock(2), FakeServer.Data(("title", "old title")));
        await _h.Database.System.Object(Staging).CreateManyAsync(
        [
            new Record { ["id"] = "000000000001", ["position"] = 1d, ["change"] = JsonSerializer.Serialize(earlier, SyncJsonContext.Default.SyncServerChange) },
            new Record { ["id"] = "000000000002", ["position"] = 2d, ["change"] = JsonSerializer.Serialize(older, SyncJsonContext.Default.SyncServerChange) },
        ]);
        _h.Server.Change("todo", "t2", MutationOperation.Update, 2, Clock(3), FakeServer.Data(("title", "new title")));

        await _h.StartAsync();

        var t1 = await _h.Todos.FindOneAsync("t1");
        var t2 = await _h.Todos.FindOneAsync("t2");
        var staged = await _h.Database.System.Object(Staging).CountAsync(null);
        Assert.Multiple(() =>
        {
            Assert.That(t1?["title"], Is.EqualTo("staged"));
            Assert.That(t2?["title"], Is.EqualTo("new title"), "the staged rows come before the page pulled after them");
            Assert.That(staged, Is.Zero);
        });
    }

    [Test]
    public async Task A_batched_pull_raises_one_committed_change_event_per_record_it_writes()
    {
        var client = await _h.StartAsync();
        for (var i = 0; i < Count; i++)
        {
            _h.Server.Change("todo", $"t{i:D5}", MutationOperation.Create, 1, Clock(i + 1), FakeServer.Data(("title", $"todo {i}")));
        }
        var events = new ConcurrentBag<string>();
        using var subscription = _h.Database.Changes.Subscribe((change, _) =>
        {
            events.Add($"{change.ObjectName}/{change.Id}");
            return ValueTask.CompletedTask;
        });
        await client.SyncNowAsync();

        var todos = events.Where(e => e.StartsWith("todo/", StringComparison.Ordinal)).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(todos, Has.Count.EqualTo(Count));
            Assert.That(todos.Distinct().Count(), Is.EqualTo(Count));
            Assert.That(todos, Does.Contain("todo/t00007"));
        });
    }

    // Counts the store's reads by object, to show a pull reads per batch.
    private sealed class CountingDriver(IObjectQLDriver inner) : DelegatingDriver(inner)
    {
        private readonly ConcurrentDictionary<string, int> _finds = new(StringComparer.Ordinal);
        private readonly ConcurrentDictionary<string, int> _findOnes = new(StringComparer.Ordinal);

        public int Finds(string objectName) => _finds.GetValueOrDefault(objectName);

        public int FindOnes(string objectName) => _findOnes.GetValueOrDefault(objectName);

        public void Reset()
        {
            _finds.Clear();
            _findOnes.Clear();
        }

        public override Task<IReadOnlyList<Record>> FindAsync(ObjectDefinition definition, Query query, IDriverTransaction? transaction = null, CancellationToken cancellationToken = default)
        {
            _finds.AddOrUpdate(definition.Name, 1, static (_, n) => n + 1);
            return base.FindAsync(definition, query, transaction, cancellationToken);
        }

        public override Task<Record?> FindOneAsync(ObjectDefinition definition, string id, IDriverTransaction? transaction = null, CancellationToken cancellationToken = default)
        {
            _findOnes.AddOrUpdate(definition.Name, 1, static (_, n) => n + 1);
            return base.FindOneAsync(definition, id, transaction, cancellationToken);
        }
    }
}
