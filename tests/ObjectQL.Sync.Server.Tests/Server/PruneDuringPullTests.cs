using System.Diagnostics;
using Microsoft.Extensions.Time.Testing;
using ObjectQL.Sql;
using ObjectQL.Sync.Protocol;
using ObjectQL.Sync.Server.Tests.Support;

namespace ObjectQL.Sync.Server.Tests.Server;

/// <summary>
/// Retention pruning that commits while a page is read (RFC 6.6): a page lists its commits and reads their rows in
/// separate statements, so a prune between the two must end in <c>resyncRequired</c>, never in a page that steps over
/// the pruned commits.
/// </summary>
public sealed class PruneDuringPullTests
{
    private const string ChangeReads = "SELECT _objectql_sync_changes";

    [Test]
    public async Task A_prune_between_a_pages_commits_and_their_rows_answers_resync_not_a_page_past_them()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var harness = await SyncHarness.OpenSqliteAsync(SyncHarness.Options(time: time));
        var (writer, behind) = (new TestClient(), new TestClient());
        await writer.SyncAsync(harness.Server, writer.Create(TestModel.Todo, "seed", ("title", "seed")));
        await behind.PullAllAsync(harness.Server);
        await writer.SyncAsync(harness.Server, writer.Create(TestModel.Todo, "old1", ("title", "old1")));
        await writer.SyncAsync(harness.Server, writer.Create(TestModel.Todo, "old2", ("title", "old2")));
        // A checkpoint issued late in the window that still points at the old commits: a client paging through a backlog.
        time.Advance(TimeSpan.FromDays(29));
        var first = await harness.Server.HandleAsync(behind.Request(), behind.Context, pageSize: 1, CancellationToken.None);
        behind.Checkpoint = first.Checkpoint;
        time.Advance(TimeSpan.FromDays(2));
        await writer.SyncAsync(harness.Server, writer.Create(TestModel.Todo, "fresh", ("title", "fresh")));

        SyncPruneResult? pruned = null;
        var armed = 1;
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == SqlTelemetry.SourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllData,
            ActivityStarted = statement =>
            {
                // The page has listed its commits and is about to read their rows: the prune commits now.
                if (statement.DisplayName == ChangeReads && Interlocked.Exchange(ref armed, 0) == 1)
                {
                    var prune = Task.Run(() => harness.Server.PruneAsync());
                    Assert.That(prune.Wait(TimeSpan.FromSeconds(30)), Is.True, "the prune finished");
                    pruned = prune.Result;
                }
            },
        };
        ActivitySource.AddActivityListener(listener);
        var response = await behind.SyncAsync(harness.Server);

        Assert.That(first.ServerChanges.Select(c => c.RecordId), Is.EqualTo(new[] { "old1" }), "the first page of the backlog");
        Assert.That(pruned?.PrunedThrough, Is.EqualTo(3), "the prune ran inside the page's read and removed the old commits");
        Assert.That(response.ResyncReason, Is.EqualTo(ResyncReason.Retention), "old2 was pruned before its row was read");
        Assert.That(response.ServerChanges, Is.Empty);
    }

    [Test]
    public async Task A_page_of_young_commits_asks_nothing_more_of_the_store()
    {
        await using var harness = await SyncHarness.OpenSqliteAsync();
        var (writer, reader) = (new TestClient(), new TestClient());
        await reader.PullAllAsync(harness.Server);
        await writer.SyncAsync(harness.Server, writer.Create(TestModel.Todo, "a", ("title", "a")));
        await reader.SyncAsync(harness.Server);
        await writer.SyncAsync(harness.Server, writer.Create(TestModel.Todo, "b", ("title", "b")));

        var (response, statements) = await StatementTally.OfAsync(() => reader.SyncAsync(harness.Server));

        Assert.That(response.ServerChanges.Select(c => c.RecordId), Is.EqualTo(new[] { "b" }));
        Assert.That(statements.GetValueOrDefault("SELECT _objectql_sync_state"), Is.Zero,
            "the commit at the checkpoint's position is there: how far pruning went is not asked, neither at the start nor after the rows");
    }
}
