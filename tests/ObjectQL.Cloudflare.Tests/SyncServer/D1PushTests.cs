using System.Diagnostics.Metrics;
using System.Text;
using ObjectQL.Sync.Protocol;
using ObjectQL.Sync.Server.Diagnostics;
using ObjectQL.Sync.Server.Tests.Support;

namespace ObjectQL.Sync.Server.Tests.Server;

/// <summary>
/// What only a batch-only store does to a push: a write that fails at commit, where no savepoint can catch it
/// (libs/ObjectQL.Sync.Server/SyncServer.Batched.cs).
/// </summary>
public sealed class D1PushTests
{
    [Test]
    public async Task A_chunk_failing_at_commit_is_pushed_again_one_mutation_at_a_time_and_each_is_answered_once()
    {
        await using var harness = await SyncHarness.OpenSqliteAsync();
        var db = harness.Database;
        var (client, mutations, request) = RaceOnC(harness);
        var response = await harness.Server.HandleAsync(request, client.Context);

        Assert.That(response.Results.Select(r => r.MutationId), Is.EqualTo(mutations.Select(m => m.Id)));
        Assert.That(response.Results.Take(2).Select(r => ((SyncMutationApplied)r).Outcome), Is.EqualTo(new[] { ApplyOutcome.Accepted, ApplyOutcome.Accepted }));
        // Applied alone, 'c' reads the other writer's record and gets the answer a create of a taken id gets on every store.
        Assert.That(((SyncMutationRejected)response.Results[2]).Code, Is.EqualTo(ErrorCodes.Conflict));
        Assert.That((await db.System.Object(TestModel.Todo).FindOneAsync("c"))!["title"], Is.EqualTo("by another writer"));
        var stored = await db.System.Object(TestModel.Todo).FindAsync(Querying.Query.All);
        Assert.That(stored.Select(r => r.Id).Order(StringComparer.Ordinal), Is.EqualTo(new[] { "a", "b", "c" }));
        Assert.That(await db.System.Object("objectql_sync_mutation").CountAsync(), Is.EqualTo(3), "one stored answer per mutation");

        var retry = await harness.Server.HandleAsync(request, client.Context);
        Assert.That(Json(retry), Is.EqualTo(Json(response)), "the first answers, verbatim");
    }

    [Test]
    [NonParallelizable]
    public async Task A_chunk_failing_at_commit_counts_each_mutation_once_with_its_final_outcome()
    {
        var outcomes = new List<string?>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == SyncServerDiagnostics.Name && instrument.Name == "objectql.sync.mutations")
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((_, _, tags, _) =>
        {
            foreach (var tag in tags)
            {
                if (tag.Key == "outcome")
                {
                    lock (outcomes)
                    {
                        outcomes.Add(tag.Value as string);
                    }
                }
            }
        });
        listener.Start();

        await using var harness = await SyncHarness.OpenSqliteAsync();
        var (client, _, request) = RaceOnC(harness);
        await harness.Server.HandleAsync(request, client.Context);

        lock (outcomes)
        {
            Assert.That(outcomes, Is.EquivalentTo(new[] { "applied", "applied", "rejected" }), "the failed batch's first attempt is not counted");
        }
    }

    // While the push applies 'b', another writer creates 'c', which the push read as missing: its insert of 'c' fails
    // the chunk's batch at commit on the primary key.
    private static (TestClient Client, MutationLogEntry[] Mutations, SyncPushRequest Request) RaceOnC(SyncHarness harness)
    {
        var db = harness.Database;
        var raced = 0;
        db.Hooks.After(HookOperation.Create, TestModel.Todo, async (context, ct) =>
        {
            if (context.Id == "b" && Interlocked.Exchange(ref raced, 1) == 0)
            {
                await db.System.Object(TestModel.Todo).CreateAsync(new Record { ["id"] = "c", ["title"] = "by another writer" }, ct);
            }
        });
        var client = new TestClient();
        var mutations = new[]
        {
            client.Create(TestModel.Todo, "a", ("title", "a")),
            client.Create(TestModel.Todo, "b", ("title", "b")),
            client.Create(TestModel.Todo, "c", ("title", "c")),
        };
        return (client, mutations, client.Request(mutations));
    }

    private static string Json(SyncPushResponse response) =>
        Encoding.UTF8.GetString(SyncJson.Write(response with { Checkpoint = "", ServerClock = "" }, SyncJson.Context.SyncPushResponse));
}
