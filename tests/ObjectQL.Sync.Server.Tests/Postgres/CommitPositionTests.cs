using System.Collections.Concurrent;
using System.Data;
using Npgsql;
using ObjectQL.Sync.Protocol;
using ObjectQL.Sync.Server.Tests.Support;
using ObjectQL.Testing.Postgres;

namespace ObjectQL.Sync.Server.Tests.Postgres;

/// <summary>
/// The head without a serialising row (RFC 6.1, "settled positions"): writers take positions without waiting for each
/// other, a pull reads only up to the settled position, and writers at REPEATABLE READ no longer fail on the head.
/// </summary>
[NonParallelizable]
public class CommitPositionTests
{
    private static Task<(ObjectQLDatabase Database, SyncServer Server)> OpenAsync(string connectionString) => PostgresSyncTests.OpenAsync(connectionString);

    [Test]
    public async Task A_pull_waits_for_a_transaction_that_took_its_position_and_has_not_committed()
    {
        var connectionString = PostgresCluster.CreateDatabase("sync_fence");
        var (writerDb, _) = await OpenAsync(connectionString);
        var (readerDb, readerServer) = await OpenAsync(connectionString);
        await using var _w = writerDb;
        await using var _r = readerDb;
        var reader = new TestClient("reader");
        await reader.PullAllAsync(readerServer);
        await writerDb.Object(TestModel.Todo).CreateAsync(new Record { ["id"] = "first", ["title"] = "first" });

        // Subscribed after the plugin, so it runs after the position is taken: the commit is held open here.
        var held = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        writerDb.Changes.SubscribeBeforeCommit(async (_, ct) =>
        {
            held.TrySetResult();
            await release.Task.WaitAsync(ct);
        });
        var writing = writerDb.Object(TestModel.Todo).CreateAsync(new Record { ["id"] = "held", ["title"] = "held" });
        await held.Task;
        var pulling = reader.PullAllAsync(readerServer);
        Assert.That(await WaitForLockWaiterAsync(connectionString), Is.True, "the pull waits on the head's fence");
        Assert.That(pulling.IsCompleted, Is.False, "a pull must not answer while a position below its bound is in flight");
        release.SetResult();
        await writing;

        var received = await pulling;
        Assert.That(received.Select(c => c.RecordId), Is.EqualTo(new[] { "first", "held" }));
        Assert.That(received.Any(c => c.RecordId == "held"), Is.True);
    }

    [TestCase(false, TestName = "Writers_at_the_databases_default_repeatable_read_never_fail_on_the_head")]
    [TestCase(true, TestName = "Writers_asking_for_repeatable_read_never_fail_on_the_head")]
    public async Task Writers_at_repeatable_read_never_fail_on_the_head(bool explicitLevel)
    {
        var connectionString = PostgresCluster.CreateDatabase("sync_rr");
        await using (var admin = new NpgsqlConnection(connectionString))
        {
            await admin.OpenAsync();
            await using var alter = new NpgsqlCommand($"ALTER DATABASE \"{admin.Database}\" SET default_transaction_isolation = 'repeatable read'", admin);
            await alter.ExecuteNonQueryAsync();
        }
        NpgsqlConnection.ClearAllPools();
        var (db, server) = await OpenAsync(connectionString);
        await using var _ = db;
        // Hold every commit a little after its position is taken, so the writers' transactions overlap at the head.
        db.Changes.SubscribeBeforeCommit(async (_, ct) => await Task.Delay(Random.Shared.Next(0, 4), ct));
        var reader = new TestClient("reader");
        await reader.PullAllAsync(server);
        var options = new TransactionOptions { IsolationLevel = explicitLevel ? IsolationLevel.RepeatableRead : IsolationLevel.Unspecified };
        var failures = new ConcurrentBag<Exception>();
        await Task.WhenAll(Enumerable.Range(0, 8).Select(w => Task.Run(async () =>
        {
            for (var t = 0; t < 10; t++)
            {
                try
                {
                    await db.TransactionAsync(
                        (session, ct) => session.Object(TestModel.Todo).CreateAsync(new Record { ["id"] = $"w{w}-{t}", ["title"] = "rr" }, ct), options);
                }
                catch (Exception failure)
                {
                    failures.Add(failure);
                }
            }
        })));

        Assert.That(failures.Select(f => f.Message), Is.Empty, "no writer fails on the head");
        var received = await reader.PullAllAsync(server);
        Assert.That(received.Select(c => c.RecordId), Is.Unique);
        Assert.That(received, Has.Count.EqualTo(80));
    }

    [Test]
    public async Task A_transaction_that_rolls_back_after_taking_its_position_leaves_a_hole_that_pulls_step_over()
    {
        var connectionString = PostgresCluster.CreateDatabase("sync_hole");
        var (db, server) = await OpenAsync(connectionString);
        await using var _ = db;
        await PositionHoles.AssertPullsStepOverAsync(db, server);
    }

    // Polls pg_locks until a session waits for an advisory lock (the pull's fence), or gives up after many looks.
    private static async Task<bool> WaitForLockWaiterAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        for (var look = 0; look < 2000; look++)
        {
            await using var command = new NpgsqlCommand("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted", connection);
            if ((long)(await command.ExecuteScalarAsync())! > 0)
            {
                return true;
            }
            await Task.Delay(5);
        }
        return false;
    }
}
