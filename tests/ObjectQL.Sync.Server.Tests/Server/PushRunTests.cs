using ObjectQL.Querying;
using ObjectQL.Sync.Protocol;
using ObjectQL.Sync.Server.Tests.Support;

namespace ObjectQL.Sync.Server.Tests.Server;

/// <summary>
/// Mutations applied in runs under one savepoint (RFC 6.1, "one savepoint per run"): a failure inside a run leaves the
/// same outcome as a savepoint per mutation, on every store.
/// </summary>
public abstract class PushRunTests
{
    /// <summary>A server over a new, empty store, and what to dispose when the test ends.</summary>
    private protected abstract Task<(ObjectQLDatabase Database, SyncServer Server, IAsyncDisposable Owner)> OpenAsync();

    /// <summary>False on a batch-only store (D1), whose reads do not see the transaction's own writes (docs/drivers.md).</summary>
    private protected virtual bool ReadsSeeOwnWrites => true;

    [Test]
    public async Task A_failure_in_the_middle_of_a_run_rejects_only_that_mutation_and_keeps_the_others()
    {
        var (failing, failingServer, failingOwner) = await OpenAsync();
        var (clean, cleanServer, cleanOwner) = await OpenAsync();
        await using var _f = failingOwner;
        await using var _c = cleanOwner;
        var client = new TestClient();
        var mutations = new[]
        {
            client.Create(TestModel.Todo, "a", ("title", "a")),
            client.Create(TestModel.Todo, "b", ("title", "b")),
            client.Update(TestModel.Todo, "s", 1, ("title", "client edit")),       // stale base: a conflict with an audit entry
            client.Create(TestModel.Todo, "bad", ("title", new string('x', 201))), // fails validation
            client.Update(TestModel.Todo, "a", 1, ("done", true)),                 // the same record again in the run
            client.Update(TestModel.Todo, "missing", 1, ("title", "nope")),        // fails: no such record
            client.Create(TestModel.Todo, "c", ("title", "c")),
        };
        var failed = new[] { 3, 5 };
        // The servers' edits of 's' must be later than the client's stale edit by the clock. In the millisecond the
        // client took its clock, the counters would decide instead, and the first server could rank its edit earlier.
        var clientWall = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        while (DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() <= clientWall)
        {
            await Task.Delay(1);
        }
        foreach (var db in new[] { failing, clean })
        {
            await db.Object(TestModel.Todo).CreateAsync(new Record { ["id"] = "s", ["title"] = "seed" });
            await db.Object(TestModel.Todo).UpdateAsync("s", new Record { ["title"] = "server edit" });
        }

        var request = client.Request(mutations);
        var withFailures = await failingServer.HandleAsync(request, client.Context);
        var withoutFailures = await cleanServer.HandleAsync(client.Request(mutations.Where((_, i) => !failed.Contains(i)).ToArray()), client.Context);

        Assert.That(withFailures.Results.Select(r => r.MutationId), Is.EqualTo(mutations.Select(m => m.Id)));
        Assert.That(((SyncMutationRejected)withFailures.Results[3]).Code, Is.EqualTo(ErrorCodes.ValidationError));
        Assert.That(((SyncMutationRejected)withFailures.Results[5]).Code, Is.EqualTo(ErrorCodes.NotFound));
        Assert.That(withFailures.Results.Where((_, i) => !failed.Contains(i)).Select(Outcome), Is.EqualTo(withoutFailures.Results.Select(Outcome)));
        Assert.That(((SyncMutationApplied)withFailures.Results[4]).ServerVersion, Is.EqualTo(2), "the second write of 'a' answers its own version");
        Assert.That(await RecordsAsync(failing), Is.EqualTo(await RecordsAsync(clean)));
        Assert.That(await RowsAsync(failing, "objectql_sync_change", "record_id", "version", "mutation_id"),
            Is.EqualTo(await RowsAsync(clean, "objectql_sync_change", "record_id", "version", "mutation_id")));
        var audit = await RowsAsync(failing, "objectql_sync_conflict", "record_id", "mutation_id", "outcome");
        Assert.That(audit, Is.EqualTo(await RowsAsync(clean, "objectql_sync_conflict", "record_id", "mutation_id", "outcome")));
        Assert.That(audit, Has.Count.EqualTo(1), "one conflict, audited once although its run was applied again");
        Assert.That(await failing.System.Object("objectql_sync_mutation").CountAsync(), Is.EqualTo(mutations.Length), "every answer stored, the rejected ones too");

        var retry = await failingServer.HandleAsync(request, client.Context);
        Assert.That(retry.Results.Select(Json), Is.EqualTo(withFailures.Results.Select(Json)), "the first answers, verbatim");
    }

    [Test]
    public async Task A_hook_writing_a_record_whose_answer_is_unread_leaves_that_answer_at_its_own_version()
    {
        var (db, server, owner) = await OpenAsync();
        await using var _ = owner;
        db.Hooks.After(HookOperation.Create, TestModel.Todo, async (context, ct) =>
        {
            if (context.Id == "b")
            {
                await context.Session.Object(TestModel.Todo).UpdateAsync("a", new Record { ["title"] = "by the hook" }, ct);
            }
        });
        var client = new TestClient();
        var response = await client.SyncAsync(server,
            client.Create(TestModel.Todo, "a", ("title", "a")),
            client.Create(TestModel.Todo, "b", ("title", "b")),
            client.Create(TestModel.Todo, "c", ("title", "c")));

        if (!ReadsSeeOwnWrites)
        {
            // One write per record per transaction: the hook's update of 'a', created in the same batch, finds no 'a'.
            Assert.That(response.Results.Select(r => r.GetType().Name), Is.EqualTo(new[] { nameof(SyncMutationApplied), nameof(SyncMutationRejected), nameof(SyncMutationApplied) }));
            Assert.That(((SyncMutationRejected)response.Results[1]).Code, Is.EqualTo(ErrorCodes.NotFound));
            Assert.That(await RecordsAsync(db), Is.EqualTo(new[] { "a a False v1", "c c False v1" }));
            return;
        }
        var a = (SyncMutationApplied)response.Results[0];
        Assert.That((a.Outcome, a.ServerVersion, a.Record), Is.EqualTo((ApplyOutcome.Accepted, 1L, (IReadOnlyDictionary<string, System.Text.Json.JsonElement>?)null)));
        Assert.That(response.Results, Has.All.TypeOf<SyncMutationApplied>());
        var stored = await db.Object(TestModel.Todo).FindOneAsync("a");
        Assert.That((stored!["title"], stored[Metadata.SystemFields.Version]), Is.EqualTo(("by the hook", 2L)));
        Assert.That(await RowsAsync(db, "objectql_sync_change", "record_id", "version", "mutation_id"), Has.Count.EqualTo(4), "a, b, the hook's update of a, c");
    }

    [Test]
    public async Task An_answer_carries_the_record_exactly_when_the_store_holds_other_values_than_were_sent()
    {
        var (db, server, owner) = await OpenAsync();
        await using var _ = owner;
        db.Hooks.Before(HookOperation.Create, TestModel.Todo, (context, _) =>
        {
            if (context.Data!["title"] is "to be changed")
            {
                context.Data["title"] = "set by the hook";
            }
            return ValueTask.CompletedTask;
        });
        var client = new TestClient();
        var response = await client.SyncAsync(server,
            client.Create(TestModel.Todo, "a", ("title", "as sent")),
            client.Create(TestModel.Todo, "b", ("title", "to be changed")));

        var (a, b) = ((SyncMutationApplied)response.Results[0], (SyncMutationApplied)response.Results[1]);
        Assert.Multiple(() =>
        {
            Assert.That(a.Record, Is.Null, "the store holds what was sent");
            Assert.That(b.Record?["title"].GetString(), Is.EqualTo("set by the hook"));
        });
    }

    [Test]
    public async Task Creates_of_a_run_are_inserted_together_and_each_keeps_its_own_mutation_in_the_log()
    {
        var (db, server, owner) = await OpenAsync();
        await using var _ = owner;
        var writer = new TestClient();
        var reader = new TestClient();
        var mutations = Enumerable.Range(0, 6).Select(i => writer.Create(TestModel.Todo, $"g{i}", ("title", $"g{i}"))).ToArray();
        await writer.PullAllAsync(server); // past its (empty) snapshot, so its push's delta comes from the log

        var (response, inserts) = await CountingInsertsAsync(TestModel.Todo, () => writer.SyncAsync(server, mutations));

        Assert.That(response.Results.Select(r => (r.MutationId, (r as SyncMutationApplied)?.Outcome, (r as SyncMutationApplied)?.ServerVersion)),
            Is.EqualTo(mutations.Select(m => (m.Id, (ApplyOutcome?)ApplyOutcome.Accepted, (long?)1))));
        if (ReadsSeeOwnWrites)
        {
            Assert.That(inserts, Is.EqualTo(1), "one insert for the six creates");
        }
        Assert.That(await RowsAsync(db, "objectql_sync_change", "record_id", "mutation_id"),
            Is.EqualTo(mutations.Select(m => $"{m.RecordId} {m.Id}").Order(StringComparer.Ordinal)), "each change row names its own mutation");
        Assert.That(response.ServerChanges, Is.Empty, "the pusher's own creates are not echoed");
        Assert.That((await reader.PullAllAsync(server)).Select(c => c.RecordId), Is.EquivalentTo(mutations.Select(m => m.RecordId)));
    }

    [Test]
    public async Task A_lone_pushers_delta_skips_reading_its_own_echoes_and_goes_on_from_the_last_of_them()
    {
        var (_, server, owner) = await OpenAsync();
        await using var _ = owner;
        var writer = new TestClient();
        var other = new TestClient();
        await writer.PullAllAsync(server);
        await other.PullAllAsync(server);

        var (response, statements) = await CountingStatementsAsync(() => writer.SyncAsync(server,
            writer.Create(TestModel.Todo, "w1", ("title", "w1")), writer.Create(TestModel.Todo, "w2", ("title", "w2"))));

        Assert.That(response.Results, Has.All.TypeOf<SyncMutationApplied>());
        Assert.That(response.ServerChanges, Is.Empty, "the pusher's own creates are not echoed");
        if (ReadsSeeOwnWrites)
        {
            Assert.That(statements.GetValueOrDefault("SELECT _objectql_sync_changes"), Is.Zero, "nothing but its own commit since its checkpoint: the log is not read");
            Assert.That(statements.GetValueOrDefault("SELECT _objectql_sync_mutations"), Is.Zero, "new sequences have no stored answers to look up");
            Assert.That(statements.GetValueOrDefault("SELECT _objectql_sync_clients"), Is.Zero, "the row its pull bound is known: the lock writes without reading it");
        }
        var between = await other.SyncAsync(server, other.Create(TestModel.Todo, "o1", ("title", "o1")));
        Assert.That(between.ServerChanges.Select(c => c.RecordId), Is.EqualTo(new[] { "w1", "w2" }));
        var next = await writer.SyncAsync(server, writer.Create(TestModel.Todo, "w3", ("title", "w3")));
        Assert.That(next.ServerChanges.Select(c => c.RecordId), Is.EqualTo(new[] { "o1" }), "another client's commit in between is sent, the pusher's own are not");
        Assert.That(await writer.PullAllAsync(server), Is.Empty);
        Assert.That((await other.PullAllAsync(server)).Select(c => c.RecordId), Is.EqualTo(new[] { "w3" }));
    }

    [Test]
    public async Task A_clients_next_push_locks_its_row_without_reading_it_and_a_row_another_server_moved_is_read_again()
    {
        var (db, server, owner) = await OpenAsync();
        await using var _ = owner;
        var other = await SyncServer.CreateAsync(db);
        var client = new TestClient();
        await client.SyncAsync(server, client.Create(TestModel.Todo, "k1", ("title", "k1")));

        var (next, again) = await CountingStatementsAsync(() => client.SyncAsync(server, client.Create(TestModel.Todo, "k2", ("title", "k2"))));
        // The other server over the same database moves the row this server remembers.
        await client.SyncAsync(other, client.Create(TestModel.Todo, "k3", ("title", "k3")));
        var retried = client.Request(client.Create(TestModel.Todo, "k4", ("title", "k4")));
        var (first, stale) = await CountingStatementsAsync(() => server.HandleAsync(retried, client.Context));
        var replayed = await other.HandleAsync(retried, client.Context);

        Assert.That(next.Results, Has.All.TypeOf<SyncMutationApplied>());
        Assert.That(first.Results, Has.All.TypeOf<SyncMutationApplied>());
        Assert.That(first.HighestSequence, Is.EqualTo(4), "the row read again carries the other server's sequence");
        Assert.That(replayed.Results.Select(Json), Is.EqualTo(first.Results.Select(Json)), "a retry through the other server replays the first answer");
        if (ReadsSeeOwnWrites)
        {
            Assert.That(again.GetValueOrDefault("SELECT _objectql_sync_clients"), Is.Zero, "the row the last push committed is known");
            Assert.That(again.GetValueOrDefault("UPDATE _objectql_sync_clients"), Is.EqualTo(1), "the lock compares the known version");
            Assert.That(stale.GetValueOrDefault("SELECT _objectql_sync_clients"), Is.EqualTo(1), "the known version was stale: the lock read the row");
            Assert.That(stale.GetValueOrDefault("UPDATE _objectql_sync_clients"), Is.EqualTo(2), "the stale compare, then the lock");
        }
        var stored = await db.System.Object(TestModel.Todo).FindAsync(new Query());
        Assert.That(stored.Select(r => r.Id), Is.EquivalentTo(new[] { "k1", "k2", "k3", "k4" }));
        var mallory = Assert.ThrowsAsync<Handling.SyncRequestException>(() => server.HandleAsync(
            client.Request(client.Create(TestModel.Todo, "m1", ("title", "m1"))), TestModel.User("mallory")));
        Assert.That(mallory!.StatusCode, Is.EqualTo(403), "a known row admits only its own principal");
    }

    [Test]
    public async Task A_record_a_hook_writes_in_a_push_goes_back_to_the_pusher_in_its_delta()
    {
        var (db, server, owner) = await OpenAsync();
        await using var _ = owner;
        db.Hooks.After(HookOperation.Create, TestModel.Todo, async (context, ct) =>
        {
            if (context.Id == "a")
            {
                await context.Session.Object(TestModel.Todo).CreateAsync(new Record { ["id"] = "by-hook", ["title"] = "by the hook" }, ct);
            }
        });
        var writer = new TestClient();
        await writer.PullAllAsync(server);

        var response = await writer.SyncAsync(server, writer.Create(TestModel.Todo, "a", ("title", "a")));

        Assert.That(response.Results, Has.All.TypeOf<SyncMutationApplied>());
        Assert.That(response.ServerChanges.Select(c => (c.RecordId, c.Operation)), Is.EqualTo(new[] { ("by-hook", MutationOperation.Create) }),
            "the hook's record is not the pusher's own mutation: it is sent");
        Assert.That(await writer.PullAllAsync(server), Is.Empty);
    }

    [Test]
    public async Task Updates_of_one_object_are_written_together_with_one_read_for_the_pipelines_checks()
    {
        var ids = Enumerable.Range(0, 5).Select(i => $"u{i}").ToArray();
        var (db, server, owner, client) = await OpenWithTitledAsync(ids);
        await using var _ = owner;

        var updates = ids.Select(id => client.Update(TestModel.Todo, id, 1, ("title", id + " edited"))).ToArray();
        var (response, statements) = await CountingStatementsAsync(() => client.SyncAsync(server, updates));

        Assert.That(response.Results.Cast<SyncMutationApplied>().Select(r => (r.ServerVersion, r.Record)),
            Is.All.EqualTo((2L, (IReadOnlyDictionary<string, System.Text.Json.JsonElement>?)null)), "stored as sent: the answer is the new version alone");
        if (ReadsSeeOwnWrites)
        {
            // The chunk's read, the caller's visible ids, the group's read for its permission checks and compare-and-swap,
            // and the answers' read: four, however many updates, where each update read its record for itself before.
            Assert.That(statements.GetValueOrDefault($"SELECT {TestModel.Todo}"), Is.EqualTo(4));
        }
        foreach (var id in ids)
        {
            Assert.That((await db.Object(TestModel.Todo).FindOneAsync(id))!["title"], Is.EqualTo(id + " edited"));
        }
    }

    [Test]
    public async Task An_invalid_update_in_a_group_is_rejected_alone_and_the_groups_other_updates_stand()
    {
        var (db, server, owner, client) = await OpenWithTitledAsync("v1", "v2", "v3");
        await using var _ = owner;

        var response = await client.SyncAsync(server,
            client.Update(TestModel.Todo, "v1", 1, ("title", "v1 edited")),
            client.Update(TestModel.Todo, "v2", 1, ("title", new string('x', 201))),
            client.Update(TestModel.Todo, "v3", 1, ("title", "v3 edited")));

        Assert.That(response.Results.Select(r => r.GetType()),
            Is.EqualTo(new[] { typeof(SyncMutationApplied), typeof(SyncMutationRejected), typeof(SyncMutationApplied) }));
        Assert.That(((SyncMutationRejected)response.Results[1]).Code, Is.EqualTo(ErrorCodes.ValidationError));
        Assert.That((await db.Object(TestModel.Todo).FindOneAsync("v1"))!["title"], Is.EqualTo("v1 edited"));
        Assert.That((await db.Object(TestModel.Todo).FindOneAsync("v2"))!["title"], Is.EqualTo("v2"));
        Assert.That((await db.Object(TestModel.Todo).FindOneAsync("v3"))!["title"], Is.EqualTo("v3 edited"));
    }

    [Test]
    public async Task A_stale_update_among_grouped_updates_is_resolved_alone_and_the_others_stand()
    {
        var (db, server, owner, client) = await OpenWithTitledAsync("g1", "g2", "g3");
        await using var _ = owner;
        await db.Object(TestModel.Todo).UpdateAsync("g2", new Record { ["title"] = "server edit" });

        var response = await client.SyncAsync(server,
            client.Update(TestModel.Todo, "g1", 1, ("title", "g1 edited")),
            client.Update(TestModel.Todo, "g2", 1, ("title", "g2 edited")),
            client.Update(TestModel.Todo, "g3", 1, ("title", "g3 edited")));

        Assert.That(response.Results[0], Is.TypeOf<SyncMutationApplied>());
        Assert.That(response.Results[2], Is.TypeOf<SyncMutationApplied>());
        Assert.That(((SyncMutationApplied)response.Results[2]).ServerVersion, Is.EqualTo(2L));
        Assert.That((await db.Object(TestModel.Todo).FindOneAsync("g1"))!["title"], Is.EqualTo("g1 edited"));
        Assert.That((await db.Object(TestModel.Todo).FindOneAsync("g3"))!["title"], Is.EqualTo("g3 edited"));
        Assert.That(response.Results[1], Is.Not.TypeOf<SyncMutationRejected>(), "the stale update is resolved against the server's edit, not refused");
        Assert.That(response.Results[1] is SyncMutationApplied { Outcome: ApplyOutcome.Accepted }, Is.False, "it was not simply applied over the server's edit");
    }

    // A new store with todos of these ids, each titled with its id and at version 1, pushed by the client returned.
    private async Task<(ObjectQLDatabase Database, SyncServer Server, IAsyncDisposable Owner, TestClient Client)> OpenWithTitledAsync(params string[] ids)
    {
        var (db, server, owner) = await OpenAsync();
        var client = new TestClient();
        await client.SyncAsync(server, ids.Select(id => client.Create(TestModel.Todo, id, ("title", id))).ToArray());
        return (db, server, owner, client);
    }

    // The INSERT statements into the object's table that run inside this call's own trace (tests run in parallel).
    private static async Task<(T Result, int Inserts)> CountingInsertsAsync<T>(string table, Func<Task<T>> run)
    {
        var (result, statements) = await CountingStatementsAsync(run);
        return (result, statements.GetValueOrDefault($"INSERT {table}"));
    }

    // The SQL statements by name ("SELECT table") that run inside this call's own trace (tests run in parallel).
    private static async Task<(T Result, Dictionary<string, int> Statements)> CountingStatementsAsync<T>(Func<Task<T>> run)
    {
        using var source = new System.Diagnostics.ActivitySource("ObjectQL.Sync.Server.Tests.Statements");
        var statements = new Dictionary<string, int>(StringComparer.Ordinal);
        System.Diagnostics.ActivityTraceId trace = default;
        using var listener = new System.Diagnostics.ActivityListener
        {
            ShouldListenTo = s => s.Name == global::ObjectQL.Sql.SqlTelemetry.SourceName || s == source,
            Sample = (ref System.Diagnostics.ActivityCreationOptions<System.Diagnostics.ActivityContext> _) => System.Diagnostics.ActivitySamplingResult.AllData,
            ActivityStopped = a =>
            {
                if (a.TraceId == trace && a.Source.Name == global::ObjectQL.Sql.SqlTelemetry.SourceName)
                {
                    lock (statements)
                    {
                        statements[a.DisplayName] = statements.GetValueOrDefault(a.DisplayName) + 1;
                    }
                }
            },
        };
        System.Diagnostics.ActivitySource.AddActivityListener(listener);
        T result;
        using (var root = source.StartActivity("push")!)
        {
            trace = root.TraceId;
            result = await run();
        }
        return (result, statements);
    }

    private static string Json(SyncMutationResult result) => System.Text.Encoding.UTF8.GetString(SyncJson.Write(result, SyncJson.Context.SyncMutationResult));

    private static string Outcome(SyncMutationResult result) => result switch
    {
        SyncMutationApplied applied => $"{applied.MutationId} applied {applied.Outcome} v{applied.ServerVersion} {applied.Record?["title"]}",
        _ => $"{result.MutationId} {result.GetType().Name}",
    };

    private static async Task<List<string>> RecordsAsync(ObjectQLDatabase db) =>
        (await db.Object(TestModel.Todo).FindAsync(Query.All))
            .Select(r => $"{r.Id} {r["title"]} {r["done"]} v{r[Metadata.SystemFields.Version]}").Order(StringComparer.Ordinal).ToList();

    private static async Task<List<string>> RowsAsync(ObjectQLDatabase db, string objectName, params string[] fields) =>
        (await db.System.Object(objectName).FindAsync(Query.All))
            .Select(r => string.Join(' ', fields.Select(f => Convert.ToString(r[f], System.Globalization.CultureInfo.InvariantCulture)))).Order(StringComparer.Ordinal).ToList();
}
