using System.Text;
using ObjectQL.Querying;
using ObjectQL.Sync.Protocol;
using ObjectQL.Sync.Server.Configuration;
using ObjectQL.Sync.Server.Handling;
using ObjectQL.Sync.Server.Tests.Support;

namespace ObjectQL.Sync.Server.Tests.Server;

/// <summary>Exactly-once push (RFC 7), each mutation isolated from the others, chunks, and the whole-request refusals.</summary>
public class PushTests
{
    private static string Json(SyncPushResponse response) =>
        string.Join('\n', response.Results.Select(r => Encoding.UTF8.GetString(SyncJson.Write(r, SyncJson.Context.SyncMutationResult))));

    private static Task<long> LogRowsAsync(SyncHarness harness) => harness.Database.System.Object("objectql_sync_change").CountAsync();

    [Test]
    public async Task A_retried_push_changes_nothing_and_returns_the_first_answers_verbatim()
    {
        await using var harness = await SyncHarness.OpenSqliteAsync();
        var client = new TestClient();
        var request = client.Request(
            client.Create(TestModel.Todo, "t1", ("title", "first")),
            client.Create(TestModel.Todo, "t2"),
            client.Update(TestModel.Todo, "missing", 1, ("title", "nope")));
        var first = await harness.Server.HandleAsync(request, client.Context);
        var rows = await LogRowsAsync(harness);
        await harness.Database.Object(TestModel.Todo).UpdateAsync("t1", new Record { ["title"] = "changed since" });

        var retry = await harness.Server.HandleAsync(request, client.Context);

        Assert.That(Json(retry), Is.EqualTo(Json(first)));
        Assert.That(first.Results.Select(r => r.MutationId), Is.EqualTo(request.Mutations.Select(m => m.Id)));
        Assert.That(first.Results[0], Is.TypeOf<SyncMutationApplied>());
        Assert.That(((SyncMutationRejected)first.Results[1]).Code, Is.EqualTo(ErrorCodes.ValidationError), "title is required");
        Assert.That(((SyncMutationRejected)first.Results[2]).Code, Is.EqualTo(ErrorCodes.NotFound));
        Assert.That(await LogRowsAsync(harness), Is.EqualTo(rows + 1), "only the direct update logged a row; the retry none");
        Assert.That((await harness.Database.Object(TestModel.Todo).FindOneAsync("t1"))!["title"], Is.EqualTo("changed since"));
        Assert.That(retry.HighestSequence, Is.EqualTo(3));
    }

    [Test]
    public async Task An_answer_stored_whole_by_an_earlier_version_is_replayed_as_it_was()
    {
        await using var harness = await SyncHarness.OpenSqliteAsync();
        var client = new TestClient();
        var request = client.Request(client.Create(TestModel.Todo, "t1", ("title", "first")));
        var first = await harness.Server.HandleAsync(request, client.Context);
        var answers = harness.Database.System.Object("objectql_sync_mutation");
        var stored = (await answers.FindAsync(Query.All)).Single();
        Assert.That(stored["result"], Does.Not.StartWith("{"), "an answer applied as sent is stored as its version and clock");

        // The whole answer's JSON, as every answer was stored before the short form.
        await answers.UpdateAsync(stored.Id!, new Record { ["result"] = Encoding.UTF8.GetString(SyncJson.Write(first.Results[0], SyncJson.Context.SyncMutationResult)) });
        var retry = await harness.Server.HandleAsync(request, client.Context);

        Assert.That(Json(retry), Is.EqualTo(Json(first)));
    }

    [Test]
    public async Task A_retry_racing_the_original_waits_for_it_and_replays_its_answers()
    {
        await using var harness = await SyncHarness.OpenSqliteAsync();
        var client = new TestClient();
        var request = client.Request(Enumerable.Range(0, 20).Select(i => client.Create(TestModel.Todo, $"r{i}", ("title", $"race {i}"))).ToArray());
        var both = await Task.WhenAll(
            Task.Run(() => harness.Server.HandleAsync(request, client.Context)),
            Task.Run(() => harness.Server.HandleAsync(request, client.Context)));
        Assert.That(Json(both[1]), Is.EqualTo(Json(both[0])));
        Assert.That(both[0].Results, Has.All.TypeOf<SyncMutationApplied>());
        Assert.That(await harness.Database.Object(TestModel.Todo).CountAsync(), Is.EqualTo(20));
        Assert.That(await LogRowsAsync(harness), Is.EqualTo(20));
    }

    [Test]
    public async Task Each_mutation_stands_alone_and_a_push_commits_in_chunks()
    {
        var options = SyncHarness.Options(new SyncEndpointConfig { MaxMutationsPerTransaction = 2 });
        await using var harness = await SyncHarness.OpenSqliteAsync(options);
        var client = new TestClient();
        var response = await client.SyncAsync(harness.Server,
            client.Create(TestModel.Todo, "a", ("title", "a")),
            client.Create(TestModel.Todo, "b", ("title", new string('x', 201))),
            client.Create(TestModel.Todo, "c", ("title", "c")),
            client.Create(TestModel.Todo, "d", ("title", "d")),
            client.Create(TestModel.Todo, "e", ("title", "e")));
        Assert.That(response.Results.Select(r => r.GetType().Name), Is.EqualTo(new[]
        {
            nameof(SyncMutationApplied), nameof(SyncMutationRejected), nameof(SyncMutationApplied), nameof(SyncMutationApplied), nameof(SyncMutationApplied),
        }));
        var rejected = (SyncMutationRejected)response.Results[1];
        Assert.That(rejected.Details![0].Field, Is.EqualTo("title"));
        var ids = (await harness.Database.Object(TestModel.Todo).FindAsync(Query.All)).Select(r => r.Id).Order();
        Assert.That(ids, Is.EqualTo(new[] { "a", "c", "d", "e" }));
        Assert.That(await harness.Database.System.Object("objectql_sync_commit").CountAsync(), Is.EqualTo(3), "5 mutations in chunks of 2");
    }

    [Test]
    public async Task Objects_that_are_not_synced_pull_only_or_without_permissions_are_refused_per_mutation()
    {
        await using var harness = await SyncHarness.OpenSqliteAsync();
        var client = new TestClient();
        var response = await client.SyncAsync(harness.Server,
            client.Create(TestModel.Unsynced, "x1", ("title", "x")),
            client.Create(TestModel.PullOnly, "x2", ("title", "x")),
            client.Create(TestModel.Unpermitted, "x3", ("title", "x")),
            client.Create("no_such_object", "x4", ("title", "x")),
            client.Create(TestModel.PushOnly, "x5", ("title", "x")));
        Assert.That(response.Results.Take(4).Select(r => ((SyncMutationRejected)r).Details![0].Reason),
            Is.EqualTo(new[] { "sync_disabled", "pull_only", "no_permissions", "not_found" }));
        Assert.That(response.Results[4], Is.TypeOf<SyncMutationApplied>());
    }

    [Test]
    public async Task Objects_without_permissions_sync_when_the_server_opts_in()
    {
        await using var harness = await SyncHarness.OpenSqliteAsync(SyncHarness.Options(openObjects: true));
        var client = new TestClient();
        var response = await client.SyncAsync(harness.Server, client.Create(TestModel.Unpermitted, "open", ("title", "x")));
        Assert.That(response.Results[0], Is.TypeOf<SyncMutationApplied>());
        Assert.That((await new TestClient().PullAllAsync(harness.Server)).Select(c => c.RecordId), Is.EqualTo(new[] { "open" }));
    }

    [Test]
    public async Task Record_permissions_are_checked_against_the_stored_record_and_reveal_nothing()
    {
        await using var harness = await SyncHarness.OpenSqliteAsync();
        await harness.Database.Object(TestModel.Owned).CreateAsync(new Record { ["id"] = "theirs", ["title"] = "secret", ["owner"] = "someone-else" });
        var client = new TestClient();
        var response = await client.SyncAsync(harness.Server,
            client.Update(TestModel.Owned, "theirs", 1, ("title", "mine now")),
            client.Create(TestModel.Owned, "theirs", ("title", "take over"), ("owner", "x")),
            client.Delete(TestModel.Owned, "theirs", 1));
        Assert.That(response.Results.Select(r => ((SyncMutationRejected)r).Code), Is.EqualTo(new[] { ErrorCodes.NotFound, ErrorCodes.Conflict, ErrorCodes.NotFound }));
        Assert.That(response.Results.Select(r => ((SyncMutationRejected)r).Reason), Has.None.Contains("secret"));
        Assert.That((await harness.Database.Object(TestModel.Owned).FindOneAsync("theirs"))!["title"], Is.EqualTo("secret"));
    }

    [Test]
    public async Task A_client_id_is_bound_to_its_first_user()
    {
        await using var harness = await SyncHarness.OpenSqliteAsync();
        var client = new TestClient("alice");
        await client.SyncAsync(harness.Server);
        var error = Assert.ThrowsAsync<SyncRequestException>(() => harness.Server.HandleAsync(client.Request(), TestModel.User("mallory")));
        Assert.That(error!.StatusCode, Is.EqualTo(403));
        Assert.That(error.Body.Error.Code, Is.EqualTo(SyncErrorCodes.ClientIdMismatch));
    }

    [Test]
    public async Task An_older_epoch_is_fenced_and_nothing_is_applied()
    {
        await using var harness = await SyncHarness.OpenSqliteAsync();
        var client = new TestClient { Epoch = 2 };
        await client.SyncAsync(harness.Server, client.Create(TestModel.Todo, "e1", ("title", "epoch 2")));
        client.Epoch = 1;
        var error = Assert.ThrowsAsync<SyncRequestException>(() => client.SyncAsync(harness.Server, client.Create(TestModel.Todo, "e2", ("title", "stale tab"))));
        Assert.That(error!.StatusCode, Is.EqualTo(409));
        Assert.That(SyncErrorBodies.ClientEpoch(error.Body), Is.EqualTo(2));
        Assert.That(SyncErrorBodies.HighestSequence(error.Body), Is.EqualTo(1));
        Assert.That(await harness.Database.Object(TestModel.Todo).FindOneAsync("e2"), Is.Null);
    }

    [Test]
    public async Task A_mutation_renumbered_after_a_fence_is_known_by_its_id_and_its_first_answer_replayed()
    {
        await using var harness = await SyncHarness.OpenSqliteAsync();
        await RenumberedAfterAFenceIsReplayedAsync(harness.Database, harness.Server);
    }

    // RFC 7: a fenced process renumbers every open mutation above the highest sequence, in-flight ones included, ids
    // unchanged; one whose first push was applied (its answer lost) must be recognised by its id, not its sequence.
    internal static async Task RenumberedAfterAFenceIsReplayedAsync(ObjectQLDatabase database, SyncServer server)
    {
        var client = new TestClient();
        await client.SyncAsync(server, client.Create(TestModel.Todo, "f1", ("title", "created")));
        var update = client.Update(TestModel.Todo, "f1", 1, ("title", "once"));
        var first = await server.HandleAsync(client.Request(update), client.Context);
        var rows = await database.System.Object("objectql_sync_change").CountAsync();

        var copy = new TestClient { Id = client.Id, Context = client.Context, Epoch = 2, Sequence = client.Sequence };
        await copy.SyncAsync(server, copy.Create(TestModel.Todo, "f2", ("title", "from the copied profile")));
        var fenced = Assert.ThrowsAsync<SyncRequestException>(() => server.HandleAsync(client.Request(update), client.Context));
        Assert.That(fenced!.Body.Error.Code, Is.EqualTo(SyncErrorCodes.ClientFenced));
        client.Epoch = 3;
        var renumbered = update with { Sequence = copy.Sequence + 1 };
        client.Sequence = renumbered.Sequence;
        var replay = await server.HandleAsync(client.Request(renumbered, client.Create(TestModel.Todo, "f3", ("title", "new after the fence"))), client.Context);

        Assert.That(Json(replay).Split('\n')[0], Is.EqualTo(Json(first)));
        Assert.That(replay.Results[1], Is.TypeOf<SyncMutationApplied>());
        Assert.That(await database.System.Object("objectql_sync_change").CountAsync(), Is.EqualTo(rows + 2), "the copy's create and f3's, nothing of the replay");
        Assert.That((await database.Object(TestModel.Todo).FindOneAsync("f1"))![Metadata.SystemFields.Version], Is.EqualTo(2L));
        Assert.That(replay.HighestSequence, Is.EqualTo(renumbered.Sequence + 1));
    }

    [Test]
    public async Task A_sequence_that_went_back_is_refused_whole_with_the_highest_sequence()
    {
        await using var harness = await SyncHarness.OpenSqliteAsync();
        var client = new TestClient();
        await client.SyncAsync(harness.Server, client.Create(TestModel.Todo, "s1", ("title", "one")), client.Create(TestModel.Todo, "s2", ("title", "two")));
        client.Sequence = 1;
        var error = Assert.ThrowsAsync<SyncRequestException>(() => client.SyncAsync(harness.Server, client.Create(TestModel.Todo, "s3", ("title", "restored"))));
        Assert.That(error!.Body.Error.Code, Is.EqualTo(SyncErrorCodes.SequenceBehind));
        Assert.That(SyncErrorBodies.HighestSequence(error.Body), Is.EqualTo(2));
        Assert.That(await harness.Database.Object(TestModel.Todo).FindOneAsync("s3"), Is.Null);
        client.Sequence = 2;
        var renumbered = await client.SyncAsync(harness.Server, client.Create(TestModel.Todo, "s3", ("title", "renumbered")));
        Assert.That(renumbered.Results[0], Is.TypeOf<SyncMutationApplied>());
    }

    [Test]
    public async Task Too_many_mutations_and_a_bad_body_are_refused_before_anything_is_applied()
    {
        await using var harness = await SyncHarness.OpenSqliteAsync(SyncHarness.Options(new SyncEndpointConfig { MaxMutationsPerRequest = 2 }));
        var client = new TestClient();
        var tooMany = Assert.ThrowsAsync<SyncRequestException>(() => client.SyncAsync(harness.Server,
            client.Create(TestModel.Todo, "m1", ("title", "1")), client.Create(TestModel.Todo, "m2", ("title", "2")), client.Create(TestModel.Todo, "m3", ("title", "3"))));
        Assert.That(tooMany!.StatusCode, Is.EqualTo(413));
        Assert.That(SyncErrorBodies.MaxMutationsPerRequest(tooMany.Body), Is.EqualTo(2));
        var bad = client.Create(TestModel.Todo, "m4", ("title", "4")) with { ClientId = Guid.NewGuid().ToString() };
        var invalid = Assert.ThrowsAsync<SyncRequestException>(() => client.SyncAsync(harness.Server, bad));
        Assert.That(invalid!.StatusCode, Is.EqualTo(400));
        Assert.That(await harness.Database.Object(TestModel.Todo).CountAsync(), Is.Zero);
    }

    [Test]
    public async Task The_pushers_own_changes_are_not_echoed_but_everyone_else_gets_them()
    {
        await using var harness = await SyncHarness.OpenSqliteAsync();
        var pusher = new TestClient();
        var other = new TestClient();
        await pusher.SyncAsync(harness.Server);
        await other.SyncAsync(harness.Server);
        var response = await pusher.SyncAsync(harness.Server, pusher.Create(TestModel.Todo, "mine", ("title", "mine")));
        Assert.That(response.ServerChanges, Is.Empty);
        Assert.That((await other.PullAllAsync(harness.Server)).Select(c => c.RecordId), Is.EqualTo(new[] { "mine" }));
    }
}
