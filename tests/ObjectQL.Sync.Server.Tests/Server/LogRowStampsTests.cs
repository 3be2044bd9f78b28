using Microsoft.Extensions.Time.Testing;
using ObjectQL.Metadata;
using ObjectQL.Querying;
using ObjectQL.Sync.Protocol;
using ObjectQL.Sync.Server.Tests.Support;

namespace ObjectQL.Sync.Server.Tests.Server;

/// <summary>
/// The log's insert-only rows carry the system fields something reads and no more: change and commit rows their id,
/// answers their id and creation time (the prune's cutoff), and not the client and mutation ids their key holds. A change's
/// time is its commit row's.
/// </summary>
public class LogRowStampsTests
{
    private static readonly string[] Unread = [SystemFields.UpdatedAt, SystemFields.CreatedBy, SystemFields.UpdatedBy, SystemFields.Version];

    [Test]
    public async Task Change_and_commit_rows_carry_their_id_alone_and_a_change_takes_its_commits_time()
    {
        await using var harness = await SyncHarness.OpenSqliteAsync();
        var pusher = new TestClient();
        var reader = new TestClient("bert");
        await reader.SyncAsync(harness.Server);

        await pusher.SyncAsync(harness.Server, pusher.Create(TestModel.Todo, "t1", ("title", "one")));
        var pulled = (await reader.PullAllAsync(harness.Server)).Single();

        var change = (await harness.Database.System.Object("objectql_sync_change").FindAsync(Query.All)).Single();
        var commit = (await harness.Database.System.Object("objectql_sync_commit").FindAsync(Query.All)).Single();
        Assert.That(change.Id, Is.Not.Null);
        Assert.That(commit.Id, Is.Not.Null);
        foreach (var field in (string[])[SystemFields.CreatedAt, .. Unread, "committed_at"])
        {
            Assert.That(change[field], Is.Null, $"change row's {field}");
        }
        Assert.That(change["client_id"], Is.EqualTo(pusher.Id), "the echo's client");
        foreach (var field in (string[])[SystemFields.CreatedAt, .. Unread])
        {
            Assert.That(commit[field], Is.Null, $"commit row's {field}");
        }
        Assert.That(DateTimeOffset.Parse(pulled.Timestamp, System.Globalization.CultureInfo.InvariantCulture),
            Is.EqualTo((DateTimeOffset)commit["committed_at"]!).Within(TimeSpan.FromMilliseconds(1)), "the change's time is its commit's (sent in milliseconds)");
    }

    [Test]
    public async Task An_answer_keeps_its_creation_time_is_replayed_from_its_key_and_is_pruned_by_it()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var harness = await SyncHarness.OpenSqliteAsync(SyncHarness.Options(time: time));
        var pusher = new TestClient();
        var create = pusher.Create(TestModel.Todo, "t1", ("title", "one"));
        var pushed = await pusher.SyncAsync(harness.Server, create);
        Assert.That(pushed.Results[0], Is.TypeOf<SyncMutationApplied>());

        var answer = (await harness.Database.System.Object("objectql_sync_mutation").FindAsync(Query.All)).Single();
        Assert.That(answer[SystemFields.CreatedAt], Is.Not.Null);
        foreach (var field in (string[])[.. Unread, "client_id", "mutation_id"])
        {
            Assert.That(answer[field], Is.Null, $"answer's {field}");
        }
        var replayed = await pusher.SyncAsync(harness.Server, create);
        Assert.That(replayed.Results[0], Is.EqualTo(pushed.Results[0]), "the retry finds the answer by its key");
        time.Advance(TimeSpan.FromDays(31));
        var pruned = await harness.Server.PruneAsync();
        Assert.That(pruned.Mutations, Is.EqualTo(1), "pruned by its creation time");
    }
}
