using System.Collections.Concurrent;
using Npgsql;
using ObjectQL.Sync.Protocol;
using ObjectQL.Sync.Server.Tests.Support;
using ObjectQL.Testing.Postgres;

namespace ObjectQL.Sync.Server.Tests.Postgres;

/// <summary>
/// The head without a serialising row (RFC 6.1, "settled positions"): writers take positions without waiting for each
/// other or for pulls, a pull reads only up to the settled position without waiting for anyone, and writers at
/// REPEATABLE READ no longer fail on the head.
/// </summary>
[NonParallelizable]
public class CommitPositionTests
{
    // Only against a hang: a pull that waited for a commit the test holds open would never end.
    private static readonly TimeSpan HangGuard = TimeSpan.FromMinutes(2);

    private static Task<(ObjectQLDatabase Database, SyncServer Server)> OpenAsync(string connectionString) => PostgresSyncTests.OpenAsync(connectionString);

    private static Task<Record> CreateAsync(ObjectQLDatabase db, string id) => db.Object(TestModel.Todo).CreateAsync(new Record { ["id"] = id, ["title"] = id });

    [Test]
    public async Task A_pull_never_waits_for_commits_held_open_and_never_passes_a_position_still_in_flight()
    {
        var connectionString = PostgresCluster.CreateDatabase("sync_intent");
        var (writerDb, _) = await OpenAsync(connectionString);
        var (readerDb, readerServer) = await OpenAsync(connectionString);
        await using var _w = writerDb;
        await using var _r = readerDb;
        var reader = new TestClient("reader");
        await reader.PullAllAsync(readerServer);
        await CreateAsync(writerDb, "first");
        var held = new HeldCommits(writerDb);

        // Positions a < b < c: a and b held open after taking theirs, c committed above both.
        var a = await held.HoldAsync("a");
        var b = await held.HoldAsync("b");
        await CreateAsync(writerDb, "c");

        // A pull that waited for a or b would never end here (they are released below); the bound only guards a hang.
        var whileBothHeld = await reader.PullAllAsync(readerServer).WaitAsync(HangGuard);
        Assert.That(a.Writing.IsCompleted || b.Writing.IsCompleted, Is.False, "the pull answered while both commits were held open");
        Assert.That(whileBothHeld.Select(c => c.RecordId), Is.EqualTo(new[] { "first" }), "c is committed but above positions still in flight");

        await b.CommitAsync();
        var whileAHeld = await reader.PullAllAsync(readerServer).WaitAsync(HangGuard);
        Assert.That(whileAHeld.Select(c => c.RecordId), Is.Empty, "b and c are committed but above a, still in flight");

        await a.CommitAsync();
        var afterBoth = await reader.PullAllAsync(readerServer);
        Assert.That(afterBoth.Select(c => c.RecordId), Is.EqualTo(new[] { "a", "b", "c" }), "each once, in position order");
    }

    [Test]
    public async Task A_push_answered_while_a_lower_commit_is_held_open_never_passes_it()
    {
        // The push's answer takes its settled position from its own commit row's statement (RFC 6.1, "As built"): that
        // bound must still stop below a position another transaction holds open.
        var connectionString = PostgresCluster.CreateDatabase("sync_push_intent");
        var (writerDb, _) = await OpenAsync(connectionString);
        var (pusherDb, pusherServer) = await OpenAsync(connectionString);
        await using var _w = writerDb;
        await using var _p = pusherDb;
        var pusher = new TestClient();
        await pusher.PullAllAsync(pusherServer);
        await CreateAsync(writerDb, "first");
        var held = await new HeldCommits(writerDb).HoldAsync("a");
        await CreateAsync(writerDb, "c");

        var whileHeld = await pusher.SyncAsync(pusherServer, pusher.Create(TestModel.Todo, "mine", ("title", "mine"))).WaitAsync(HangGuard);
        Assert.That(held.Writing.IsCompleted, Is.False, "the push answered while the commit was held open");
        Assert.That(whileHeld.Results.Single(), Is.TypeOf<SyncMutationApplied>());
        Assert.That(whileHeld.ServerChanges.Select(c => c.RecordId), Is.EqualTo(new[] { "first" }), "c and the push's own commit lie above a, still in flight");

        await held.CommitAsync();
        var afterward = await pusher.PullAllAsync(pusherServer);
        Assert.That(afterward.Select(c => c.RecordId), Is.EqualTo(new[] { "a", "c" }), "each once, in position order, the push's own left out");
    }

    [Test]
    public async Task A_push_with_no_other_commit_in_flight_reads_no_settled_position_and_answers_past_its_own_commit()
    {
        // Its commit row's statement read the settled position with the push's own transaction left out, so the answer
        // knows its own commit settled without a statement of its own, and its checkpoint passes that commit: the next
        // pull reads no change row (it would read the push's own rows, to skip them as echoes, from a checkpoint below).
        var connectionString = PostgresCluster.CreateDatabase("sync_push_settled");
        var (db, server) = await OpenAsync(connectionString);
        await using var _ = db;
        var pusher = new TestClient();
        await pusher.PullAllAsync(server);
        await pusher.SyncAsync(server, pusher.Create(TestModel.Todo, "warm", ("title", "warm")));

        var (response, statements) = await StatementTally.OfAsync(() => pusher.SyncAsync(server, pusher.Create(TestModel.Todo, "mine", ("title", "mine"))));

        var seen = string.Join(", ", statements.Select(s => s.Key + " x" + s.Value));
        Assert.That(response.ServerChanges, Is.Empty);
        Assert.That(statements.GetValueOrDefault("SELECT _objectql_sync_head"), Is.Zero, "no settled position read apart: " + seen);
        Assert.That(statements.GetValueOrDefault("SELECT _objectql_sync_changes"), Is.Zero, "no change row read: " + seen);
        var (next, nextStatements) = await StatementTally.OfAsync(() => pusher.SyncAsync(server));
        Assert.That(next.ServerChanges, Is.Empty);
        Assert.That(nextStatements.GetValueOrDefault("SELECT _objectql_sync_changes"), Is.Zero,
            "the checkpoint is past the push's own commit: " + string.Join(", ", nextStatements.Select(s => s.Key + " x" + s.Value)));
    }

    [Test]
    public async Task A_commit_held_open_holds_back_pulls_also_at_positions_above_2_to_the_32()
    {
        var connectionString = PostgresCluster.CreateDatabase("sync_wrap");
        var (db, server) = await OpenAsync(connectionString);
        await using var _ = db;
        var reader = new TestClient("reader");
        await reader.PullAllAsync(server);
        await CreateAsync(db, "first");
        // An intent names the counter's value by its low 32 bits: from 2^32 on, those are the value less 2^32.
        await using (var admin = new NpgsqlConnection(connectionString))
        {
            await admin.OpenAsync();
            await using var restart = new NpgsqlCommand("ALTER SEQUENCE \"_objectql_pos_objectql_sync_head_position\" RESTART WITH 4294967297", admin);
            await restart.ExecuteNonQueryAsync();
        }
        Assert.That((await reader.PullAllAsync(server)).Select(c => c.RecordId), Is.EqualTo(new[] { "first" }));

        var held = await new HeldCommits(db).HoldAsync("held");
        foreach (var id in new[] { "b", "c", "d" })
        {
            await CreateAsync(db, id);
        }
        var whileHeld = await reader.PullAllAsync(server).WaitAsync(HangGuard);
        Assert.That(whileHeld.Select(c => c.RecordId), Is.Empty, "b, c and d are above the held position 2^32 + 1");

        await held.CommitAsync();
        var after = await reader.PullAllAsync(server);
        Assert.That(after.Select(c => c.RecordId), Is.EqualTo(new[] { "held", "b", "c", "d" }));
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
        var options = new TransactionOptions { IsolationLevel = explicitLevel ? TransactionIsolation.RepeatableRead : TransactionIsolation.Unspecified };
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

    /// <summary>
    /// Holds the commit of a chosen record's create open after its position is taken: subscribed after the plugin, so
    /// it runs after the plugin's before-commit handler.
    /// </summary>
    private sealed class HeldCommits
    {
        private readonly ConcurrentDictionary<string, (TaskCompletionSource Held, TaskCompletionSource Release)> _gates = new(StringComparer.Ordinal);
        private readonly ObjectQLDatabase _db;

        public HeldCommits(ObjectQLDatabase db)
        {
            _db = db;
            db.Changes.SubscribeBeforeCommit(async (context, ct) =>
            {
                foreach (var change in context.Changes)
                {
                    if (_gates.TryGetValue(change.Id, out var gate))
                    {
                        gate.Held.TrySetResult();
                        await gate.Release.Task.WaitAsync(ct);
                    }
                }
            });
        }

        /// <summary>Creates the record and returns once its transaction holds a position and waits to commit.</summary>
        public async Task<Held> HoldAsync(string id)
        {
            var gate = _gates[id] = (new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously), new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
            var writing = CreateAsync(_db, id);
            await gate.Held.Task;
            return new Held(writing, gate.Release);
        }
    }

    private sealed record Held(Task Writing, TaskCompletionSource Release)
    {
        public async Task CommitAsync()
        {
            Release.SetResult();
            await Writing;
        }
    }
}
