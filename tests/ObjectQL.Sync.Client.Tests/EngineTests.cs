using System.Text.Json;
using ObjectQL.Sync.Client.Transport;
using ObjectQL.Sync.Protocol;

namespace ObjectQL.Sync.Client.Tests;

[TestFixtureSource(typeof(ClientHarness), nameof(ClientHarness.Stores))]
public sealed class EngineTests(string driver)
{
    private ClientHarness _h = null!;

    [TearDown]
    public async Task TearDown()
    {
        await _h.DisposeAsync();
        ClientHarness.Delete(_h.File);
    }

    private async Task<SyncClient> OpenAsync(Action<SyncClientOptions>? configure = null)
    {
        _h = await ClientHarness.OpenAsync(driver, configure);
        return await _h.StartAsync();
    }

    [Test]
    public async Task Acknowledged_writes_leave_the_log_and_the_next_edit_carries_the_received_base()
    {
        var client = await OpenAsync();
        await _h.Todos.CreateAsync(new Record { ["id"] = "t1", ["title"] = "one" });
        await client.WaitForSyncAsync();
        Assert.That(await _h.LogAsync(), Is.Empty);
        Assert.That(client.Status.PendingCount, Is.Zero);
        Assert.That(client.Status.LastSuccessfulSync, Is.Not.Null);

        await _h.Todos.UpdateAsync("t1", new Record { ["title"] = "two" });
        await client.WaitForSyncAsync();
        var update = _h.Server.Requests.SelectMany(r => r.Mutations).Last();
        Assert.That(update.BaseVersion, Is.EqualTo(1));
        Assert.That(update.BaseData!["title"].GetString(), Is.EqualTo("one"));
        Assert.That(_h.Server.Records["todo/t1"].Version, Is.EqualTo(2));
        Assert.That(_h.Server.Requests.All(r => r.ClientId == client.ClientId && r.ClientEpoch == 1), Is.True);
    }

    [Test]
    public async Task A_rejected_mutation_is_parked_and_reported_while_later_ones_flow_and_its_record_waits()
    {
        var client = await OpenAsync();
        _h.Server.Script = m => m.RecordId == "bad" && m.Operation == MutationOperation.Create
            ? new SyncMutationRejected(m.Id, "Title is required.", ErrorCodes.ValidationError, [new ErrorDetail("title", "required", "required")])
            : null;
        await _h.Todos.CreateAsync(new Record { ["id"] = "bad", ["title"] = "x" });
        await _h.Todos.CreateAsync(new Record { ["id"] = "good", ["title"] = "y" });
        await client.WaitForSyncAsync();
        await _h.Todos.UpdateAsync("bad", new Record { ["title"] = "held" });
        await _h.Todos.CreateAsync(new Record { ["id"] = "later", ["title"] = "z" });
        await client.WaitForSyncAsync();

        Assert.That(_h.Server.Records.Keys, Is.EquivalentTo(new[] { "todo/good", "todo/later" }));
        var parked = client.Status.Parked.Single();
        Assert.That((parked.RecordId, parked.Kind, parked.Code, parked.Details[0].Field), Is.EqualTo(("bad", ParkedKind.Rejected, ErrorCodes.ValidationError, "title")));
        Assert.That(client.Status.Activity, Is.EqualTo(SyncActivity.Idle));
        Assert.That(_h.Server.Requests.SelectMany(r => r.Mutations).Count(m => m.RecordId == "bad"), Is.EqualTo(1), "the held edit is not sent");

        await client.DiscardAsync(parked.MutationId);
        Assert.That(await _h.LogAsync(), Is.Empty);
        Assert.That(client.Status.Parked, Is.Empty);
    }

    [Test]
    public async Task A_413_shrinks_the_batch_to_the_servers_limit_and_everything_arrives_once()
    {
        var client = await OpenAsync();
        _h.Server.MaxMutations = 3;
        for (var i = 0; i < 10; i++)
        {
            await _h.Todos.CreateAsync(new Record { ["id"] = $"t{i}", ["title"] = "x" });
        }
        await client.WaitForSyncAsync();
        Assert.That(_h.Server.Records, Has.Count.EqualTo(10));
        Assert.That(_h.Server.ApplyCount, Is.EqualTo(10));
        Assert.That(_h.Server.Requests.Where(r => r.Mutations.Count > 0).Skip(1).All(r => r.Mutations.Count <= 3), Is.True);
    }

    [Test]
    public async Task Transient_failures_back_off_honouring_retry_after_until_the_server_answers()
    {
        var client = await OpenAsync(o => { o.MaxRetries = 2; o.SyncInterval = TimeSpan.FromHours(1); });
        for (var i = 0; i < 2; i++)
        {
            _h.Server.Fail(new SyncTransportException("busy", 503, retryAfter: TimeSpan.FromSeconds(7)));
        }
        await _h.Todos.CreateAsync(new Record { ["id"] = "t1", ["title"] = "x" });
        await Runs.AfterAsync(client, () => _h.Time.Advance(TimeSpan.FromMilliseconds(500)));
        Assert.That(client.Status.ConsecutiveFailures, Is.EqualTo(1));
        Assert.That(client.Status.NextRetryAt, Is.EqualTo(_h.Time.GetUtcNow() + TimeSpan.FromSeconds(7)), "Retry-After is honoured");
        Assert.That((client.Status.Activity, client.Status.LastError!.StatusCode), Is.EqualTo((SyncActivity.Error, 503)));

        await Runs.AfterAsync(client, () => _h.Time.Advance(TimeSpan.FromSeconds(7)));
        Assert.That(client.Status.ConsecutiveFailures, Is.EqualTo(2));
        await Runs.AfterAsync(client, () => _h.Time.Advance(TimeSpan.FromSeconds(7)));
        Assert.That(client.Status.Activity, Is.EqualTo(SyncActivity.Idle), "the third attempt succeeded");
        Assert.That(_h.Server.Records.ContainsKey("todo/t1"), Is.True);
    }

    [Test]
    public async Task After_the_retry_limit_the_failure_is_reported_and_the_next_local_write_tries_again()
    {
        var client = await OpenAsync(o => { o.MaxRetries = 1; o.SyncInterval = TimeSpan.FromHours(1); });
        for (var i = 0; i < 2; i++)
        {
            _h.Server.Fail(new SyncTransportException("no network"));
        }
        await _h.Todos.CreateAsync(new Record { ["id"] = "t1", ["title"] = "x" });
        await Runs.AfterAsync(client, () => _h.Time.Advance(TimeSpan.FromMilliseconds(500)));
        await Runs.AfterAsync(client, () => _h.Time.Advance(TimeSpan.FromSeconds(1)));
        Assert.That(client.Status.NextRetryAt, Is.Null, "no retry scheduled after the limit");
        Assert.That((client.Status.Activity, client.Status.IsOnline, client.Status.PendingCount), Is.EqualTo((SyncActivity.Offline, false, 1)));
        Assert.That(client.Status.LastError!.Code, Is.EqualTo(SyncTransportException.NetworkError));

        await _h.Todos.UpdateAsync("t1", new Record { ["title"] = "y" });
        await Runs.AfterAsync(client, () => _h.Time.Advance(TimeSpan.FromMilliseconds(500)));
        Assert.That((client.Status.PendingCount, client.Status.LastError, client.Status.IsOnline), Is.EqualTo((0, (SyncFailure?)null, true)));
        Assert.That(_h.Server.Records["todo/t1"].Data!["title"].GetString(), Is.EqualTo("y"));
    }

    [Test]
    public async Task Server_changes_apply_only_when_newer_and_are_not_logged_again()
    {
        var client = await OpenAsync();
        _h.Server.Change("todo", "s1", MutationOperation.Create, 2, Clock(1), FakeServer.Data(("id", "s1"), ("title", "v2")));
        await client.WaitForSyncAsync();
        _h.Server.Change("todo", "s1", MutationOperation.Update, 1, Clock(2), FakeServer.Data(("id", "s1"), ("title", "stale")));
        await client.WaitForSyncAsync();
        Assert.That((await _h.Todos.FindOneAsync("s1"))!["title"], Is.EqualTo("v2"));
        Assert.That(await _h.LogAsync(), Is.Empty);

        _h.Server.Change("todo", "s1", MutationOperation.Delete, 3, Clock(3));
        await client.WaitForSyncAsync();
        Assert.That(await _h.Todos.FindOneAsync("s1"), Is.Null);
        Assert.That(await _h.LogAsync(), Is.Empty);
    }

    [Test]
    public async Task Crdt_pending_field_survives_a_pulled_change_of_another_field()
    {
        var client = await OpenAsync();
        _h.Server.Change("todo", "s1", MutationOperation.Create, 1, Clock(1), FakeServer.Data(("title", "a"), ("done", false)));
        await client.WaitForSyncAsync();
        _h.Server.Fail(new SyncTransportException("offline"));
        await _h.Todos.UpdateAsync("s1", new Record { ["done"] = true });
        await client.SyncNowAsync();
        _h.Server.Change("todo", "s1", MutationOperation.Update, 2, Clock(2), FakeServer.Data(("title", "b"), ("done", false)),
            new Dictionary<string, string> { ["title"] = Clock(2), ["done"] = Clock(1) });
        _h.Server.Script = m => new SyncMutationApplied(m.Id, 3, ApplyOutcome.Merged, m.Clock, FakeServer.Data(("title", "b"), ("done", true)));
        await client.WaitForSyncAsync();
        var record = await _h.Todos.FindOneAsync("s1");
        Assert.That((record!["title"], record["done"]), Is.EqualTo(("b", true)));
    }

    [Test]
    public async Task Pages_are_staged_and_applied_together_when_the_last_arrives()
    {
        var client = await OpenAsync();
        _h.Server.PageSize = 2;
        for (var i = 0; i < 5; i++)
        {
            _h.Server.Change("todo", $"p{i}", MutationOperation.Create, 1, Clock(i + 1), FakeServer.Data(("title", $"p{i}")));
        }
        var seenCounts = new List<long>();
        _h.Server.BeforeAnswer = async _ => seenCounts.Add(await _h.Todos.CountAsync());
        await client.WaitForSyncAsync();
        Assert.That(await _h.Todos.CountAsync(), Is.EqualTo(5));
        Assert.That(seenCounts.Distinct(), Is.EqualTo(new long[] { 0 }), "no page was visible before the last one");
    }

    [Test]
    public async Task Resync_keeps_pending_local_changes_and_drops_records_the_snapshot_lacks()
    {
        var client = await OpenAsync();
        _h.Server.Change("todo", "keep", MutationOperation.Create, 1, Clock(1), FakeServer.Data(("title", "keep")));
        _h.Server.Change("todo", "gone", MutationOperation.Create, 1, Clock(1), FakeServer.Data(("title", "gone")));
        await client.WaitForSyncAsync();
        _h.Server.Fail(new SyncTransportException("offline"));
        await _h.Todos.CreateAsync(new Record { ["id"] = "mine", ["title"] = "local" });
        await client.SyncNowAsync();

        // The server lost "gone" and asks for a resync; its snapshot is "keep" only.
        _h.Server.Forget("todo", "gone");
        _h.Server.ResyncNext = true;
        await client.WaitForSyncAsync();
        Assert.That(client.Status.LastResyncReason, Is.EqualTo(ResyncReason.Retention));
        var ids = (await _h.Todos.FindAsync(Querying.Query.All)).Select(r => r.Id).ToList();
        Assert.That(ids, Is.EquivalentTo(new[] { "keep", "mine" }));
        Assert.That(_h.Server.Records.ContainsKey("todo/mine"), Is.True);
    }

    [Test]
    public async Task Manual_conflict_answer_is_pushed_as_a_new_mutation_on_the_servers_version()
    {
        SyncConflictContext? seen = null;
        var client = await OpenAsync(o => o.OnConflict = (conflict, _) =>
        {
            seen = conflict;
            return ValueTask.FromResult(ConflictAnswer.Push(new Record { ["title"] = "merged by user" }));
        });
        var notes = _h.Database.Object("note");
        _h.Server.Change("note", "n1", MutationOperation.Create, 1, Clock(1), FakeServer.Data(("title", "base"), ("body", "b")));
        await client.WaitForSyncAsync();
        var conflicted = false;
        _h.Server.Script = m =>
        {
            if (m.ObjectName != "note" || conflicted)
            {
                return null;
            }
            conflicted = true;
            return new SyncMutationConflict(m.Id, new SyncConflict("note", "n1", m, FakeServer.Data(("id", "n1"), ("title", "server"), ("body", "b"), ("_version", 2)), ["title"], 2));
        };
        await notes.UpdateAsync("n1", new Record { ["title"] = "client" });
        await client.WaitForSyncAsync();
        await client.WaitForSyncAsync();

        Assert.That(seen!.ConflictingFields, Is.EqualTo(new[] { "title" }));
        Assert.That(seen.ServerRecord["title"], Is.EqualTo("server"));
        var answer = _h.Server.Requests.SelectMany(r => r.Mutations).Last(m => m.ObjectName == "note");
        Assert.That((answer.BaseVersion, answer.Data!["title"].GetString()), Is.EqualTo((2L, "merged by user")));
        Assert.That((await notes.FindOneAsync("n1"))!["title"], Is.EqualTo("merged by user"));
        Assert.That(client.Status.Parked, Is.Empty);
        Assert.That(await _h.LogAsync(), Is.Empty);
    }

    [Test]
    public async Task Sequence_behind_renumbers_pending_mutations_above_the_servers_highest()
    {
        var client = await OpenAsync();
        _h.Server.Fail(new SyncTransportException("behind", 409, SyncErrorBodies.SequenceBehind("$.mutations[0].sequence", 1, 40)));
        await _h.Todos.CreateAsync(new Record { ["id"] = "t1", ["title"] = "x" });
        await client.WaitForSyncAsync();
        var sent = _h.Server.Requests.SelectMany(r => r.Mutations).ToList();
        Assert.That(sent.Select(m => m.Sequence), Is.EqualTo(new[] { 1L, 41L }));
        Assert.That(sent.Select(m => m.Id).Distinct().Count(), Is.EqualTo(1), "ids stay");
        Assert.That(_h.Server.Records.ContainsKey("todo/t1"), Is.True);
    }

    [Test]
    public async Task An_invalid_checkpoint_is_answered_by_pulling_from_null()
    {
        var client = await OpenAsync();
        _h.Server.Change("todo", "s1", MutationOperation.Create, 1, Clock(1), FakeServer.Data(("title", "a")));
        await client.WaitForSyncAsync();
        _h.Server.Fail(new SyncTransportException("bad checkpoint", 400, ErrorBody.From(new ObjectQLException(SyncErrorCodes.InvalidCheckpoint, "altered"))));
        await client.SyncNowAsync();
        Assert.That(_h.Server.Requests[^1].LastCheckpoint, Is.Null);
        Assert.That(await _h.Todos.FindOneAsync("s1"), Is.Not.Null);
    }

    private static string Clock(int second) => $"2026-12-03T09:00:0{second}.000Z-00000000-server";
}

public sealed class ConnectivityTests
{
    [Test]
    public async Task Offline_signal_stops_attempts_and_the_online_event_syncs_what_waited()
    {
        var signal = new Connectivity.ConnectivitySignal();
        var server = new FakeServer();
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(new DateTimeOffset(2026, 12, 3, 10, 0, 0, TimeSpan.Zero));
        var plugin = new SyncClientPlugin(new SyncClientOptions { ServerUrl = new Uri("http://127.0.0.1:9/"), TimeProvider = time }, server, signal);
        await using var db = await ObjectQLDatabase.CreateBuilder().UseDriver(new Drivers.Memory.MemoryDriver()).AddModel(TestModel.Model).AddPlugin(plugin).OpenAsync();
        await using var client = await plugin.StartAsync();
        await client.SyncNowAsync();
        var requests = server.Requests.Count;

        signal.SetOnline(false);
        await db.Object("todo").CreateAsync(new Record { ["id"] = "t1", ["title"] = "offline" });
        await client.SyncNowAsync();
        Assert.That(server.Requests, Has.Count.EqualTo(requests), "no request while the platform says offline");
        Assert.That((client.Status.Activity, client.Status.IsOnline, client.Status.PendingCount), Is.EqualTo((SyncActivity.Offline, false, 1)));
        Assert.ThrowsAsync<Transport.SyncTransportException>(() => client.WaitForSyncAsync());

        await Runs.AfterAsync(client, () => signal.SetOnline(true));
        Assert.That(server.Records.ContainsKey("todo/t1"), Is.True);
        Assert.That((client.Status.Activity, client.Status.PendingCount), Is.EqualTo((SyncActivity.Idle, 0)));
    }

    [TestCase(false)]
    [TestCase(true)]
    public async Task The_status_counts_the_log_and_says_what_the_platform_says_as_soon_as_the_client_is_started(bool online)
    {
        var signal = new Connectivity.ConnectivitySignal();
        signal.SetOnline(online);
        var server = new FakeServer();
        var plugin = new SyncClientPlugin(new SyncClientOptions { ServerUrl = new Uri("http://127.0.0.1:9/") }, server, signal);
        await using var db = await ObjectQLDatabase.CreateBuilder().UseDriver(new Drivers.Memory.MemoryDriver()).AddModel(TestModel.Model).AddPlugin(plugin).OpenAsync();
        // Written before the engine starts (a page reloaded with edits waiting): the log holds them already.
        await db.Object("todo").CreateAsync(new Record { ["id"] = "t1", ["title"] = "waiting" });
        await db.Object("todo").CreateAsync(new Record { ["id"] = "t2", ["title"] = "waiting too" });
        // Online, the start's sync is held at the server, so it has not counted the log when the start returns.
        var release = new TaskCompletionSource();
        server.BeforeAnswer = _ => release.Task;
        await using var client = await plugin.StartAsync();
        var status = client.Status;
        release.SetResult();
        Assert.That((status.IsOnline, status.PendingCount), Is.EqualTo((online, 2)));
    }

    [Test]
    public async Task Status_changes_are_reported_and_a_throwing_handler_does_not_stop_sync()
    {
        await using var h = await ClientHarness.OpenAsync("memory");
        var client = await h.StartAsync();
        var seen = new List<SyncActivity>();
        client.StatusChanged += (_, s) => seen.Add(s.Activity);
        client.StatusChanged += (_, _) => throw new InvalidOperationException("a broken UI handler");
        await h.Todos.CreateAsync(new Record { ["id"] = "t1", ["title"] = "x" });
        await client.WaitForSyncAsync();
        Assert.That(seen, Does.Contain(SyncActivity.Syncing).And.Contain(SyncActivity.Idle));
        Assert.That(h.Server.Records.ContainsKey("todo/t1"), Is.True);
    }

    [Test]
    public async Task The_interval_pulls_server_changes_without_a_local_write()
    {
        await using var h = await ClientHarness.OpenAsync("memory");
        var client = await h.StartAsync();
        h.Server.Change("todo", "s1", Protocol.MutationOperation.Create, 1, "2026-12-03T09:00:01.000Z-00000000-server", FakeServer.Data(("title", "from the server")));
        await Runs.AfterAsync(client, () => h.Time.Advance(TimeSpan.FromSeconds(30)));
        Assert.That((await h.Todos.FindOneAsync("s1"))?["title"], Is.EqualTo("from the server"));
    }
}
