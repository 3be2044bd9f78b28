using ObjectQL.Drivers;
using ObjectQL.Drivers.Memory;
using ObjectQL.Querying;
using ObjectQL.Testing;

namespace ObjectQL.Tests;

public sealed class UnitOfWorkTests
{
    private static readonly WriteOrigin Pulled = new() { ClientId = "c1", MutationId = "m9", Clock = "hlc-1", AppliesRemoteChange = true };

    private ObjectQLDatabase _db = null!;
    private RecordingDriver _driver = null!;

    [SetUp]
    public async Task SetUpAsync()
    {
        _driver = new RecordingDriver(new MemoryDriver());
        _db = await ObjectQLDatabase.OpenAsync(_driver, new Metadata.ObjectModel([TestModels.Note, TestModels.Order]));
    }

    [TearDown]
    public async Task TearDownAsync()
    {
        await _db.DisposeAsync();
        await _driver.DisposeAsync(); // a second dispose is a no-op; the database already disposed it
    }

    private static Record Note(string id) => new() { ["id"] = id, ["title"] = id };

    [Test]
    public async Task The_isolation_level_a_unit_of_work_asks_for_reaches_the_driver()
    {
        await _db.TransactionAsync((_, _) => Task.CompletedTask, new TransactionOptions { IsolationLevel = TransactionIsolation.ReadCommitted });
        await _db.Object("tck_note").CreateAsync(Note("n1"));

        Assert.That(_driver.Levels, Is.EqualTo(new[] { TransactionIsolation.ReadCommitted, TransactionIsolation.Unspecified }));
    }

    [Test]
    public void An_isolation_level_outside_the_enum_is_refused_before_the_driver_is_asked()
    {
        var error = Assert.ThrowsAsync<ObjectQLException>(() =>
            _db.TransactionAsync((_, _) => Task.CompletedTask, new TransactionOptions { IsolationLevel = (TransactionIsolation)4096 }));

        Assert.That(error!.Details[0].Reason, Is.EqualTo("invalid_isolation_level"));
        Assert.That(_driver.Levels, Is.Empty);
    }

    [Test]
    public async Task The_origin_reaches_hooks_and_both_change_stages_and_survives_AsSystem()
    {
        var seen = new List<string>();
        using var hook = _db.Hooks.Before(HookOperation.Create, "tck_note", (context, _) =>
        {
            seen.Add($"hook:{context.Session.Origin?.MutationId}:{context.Session.AsSystem().Origin?.MutationId}");
            return ValueTask.CompletedTask;
        });
        using var stage = _db.Changes.SubscribeBeforeCommit((context, _) =>
        {
            seen.AddRange(context.Changes.Select(static c => $"before:{c.Origin?.MutationId}:{c.Origin?.AppliesRemoteChange}"));
            return ValueTask.CompletedTask;
        });
        using var feed = _db.Changes.Subscribe((change, _) =>
        {
            seen.Add($"after:{change.Origin?.Clock}");
            return ValueTask.CompletedTask;
        });

        var session = _db.ForUser("u1").WithOrigin(Pulled);
        await session.AsSystem().Object("tck_note").CreateAsync(Note("n1"));
        await session.WithOrigin(null).Object("tck_note").CreateAsync(Note("n2"));

        Assert.That(seen, Is.EqualTo(new[] { "hook:m9:m9", "before:m9:True", "after:hlc-1", "hook::", "before::", "after:" }));
    }

    [Test]
    public async Task A_bulk_create_gives_each_record_its_own_origin_and_the_rest_the_session_origin()
    {
        var seen = new List<string>();
        using var stage = _db.Changes.SubscribeBeforeCommit((context, _) =>
        {
            seen.AddRange(context.Changes.Select(static c => $"{c.Id}:{c.Origin?.ClientId}:{c.Origin?.MutationId}"));
            return ValueTask.CompletedTask;
        });
        var origin = new WriteOrigin
        {
            ClientId = "c1",
            Records = new Dictionary<string, WriteOrigin>
            {
                ["n1"] = new() { ClientId = "c1", MutationId = "m1" },
                ["n2"] = new() { ClientId = "c1", MutationId = "m2" },
            },
        };

        await _db.Session.WithOrigin(origin).Object("tck_note").CreateManyAsync([Note("n1"), Note("n2"), Note("n3")]);

        Assert.That(seen, Is.EqualTo(new[] { "n1:c1:m1", "n2:c1:m2", "n3:c1:" }));
        Assert.That(origin.For("n3"), Is.SameAs(origin));
    }

    [Test]
    public async Task Savepoints_nest_and_outside_a_transaction_a_savepoint_is_a_transaction()
    {
        await _db.Session.SavepointAsync(async (session, ct) =>
        {
            Assert.That(session.Transaction, Is.Not.Null);
            await session.Object("tck_note").CreateAsync(Note("own"), ct);
        });
        await _db.TransactionAsync(async (session, ct) =>
        {
            await session.SavepointAsync(async (outer, ct2) =>
            {
                await outer.Object("tck_note").CreateAsync(Note("outer"), ct2);
                Assert.ThrowsAsync<InvalidOperationException>(() => outer.SavepointAsync(async (inner, ct3) =>
                {
                    await inner.Object("tck_note").CreateAsync(Note("inner"), ct3);
                    throw new InvalidOperationException("inner fails");
                }, ct2));
            }, ct);
        });

        Assert.That((await _db.Object("tck_note").FindAsync(Query.All)).Select(static r => r.Id).Order(), Is.EqualTo(new[] { "outer", "own" }));
    }

    [Test]
    public async Task A_transaction_whose_savepoint_cannot_be_rolled_back_refuses_to_commit()
    {
        var error = Assert.ThrowsAsync<ObjectQLException>(() => _db.TransactionAsync(async (session, ct) =>
        {
            await session.Object("tck_note").CreateAsync(Note("before"), ct);
            var failure = Assert.ThrowsAsync<InvalidOperationException>(() => session.SavepointAsync(async (inner, ct2) =>
            {
                // The store loses the savepoint (here: released behind the session's back), so the undo cannot run.
                await inner.Transaction!.ReleaseSavepointAsync("objectql_sp_1", ct2);
                throw new InvalidOperationException("the nested unit fails");
            }, ct));
            Assert.That(failure!.Message, Is.EqualTo("the nested unit fails"), "the caller sees the unit's own failure");
        }));

        Assert.That(error!.Code, Is.EqualTo(ErrorCodes.DatabaseError));
        Assert.That(error.InnerException, Is.InstanceOf<ObjectQLException>());
        Assert.That(await _db.Object("tck_note").CountAsync(), Is.Zero);
    }

    [Test]
    public async Task A_before_commit_handler_added_later_stops_when_disposed_and_no_change_reaches_it_twice()
    {
        var calls = 0;
        var subscription = _db.Changes.SubscribeBeforeCommit((context, _) =>
        {
            calls += context.Changes.Count;
            return ValueTask.CompletedTask;
        });
        await _db.Object("tck_note").CreateManyAsync([Note("a"), Note("b")]);
        subscription.Dispose();
        await _db.Object("tck_note").CreateAsync(Note("c"));

        Assert.That(calls, Is.EqualTo(2));
    }

    [Test]
    public async Task Tracked_writes_that_never_settle_are_stopped()
    {
        var next = 0;
        using var stage = _db.Changes.SubscribeBeforeCommit((context, ct) =>
            new ValueTask(context.TrackedSession.Object("tck_order").CreateAsync(new Record { ["customer"] = $"c{next++}" }, ct)));

        var error = Assert.ThrowsAsync<ObjectQLException>(() => _db.Object("tck_note").CreateAsync(Note("n1")));

        Assert.That(error!.Details[0].Reason, Is.EqualTo("before_commit_loop"));
        Assert.That(await _db.Object("tck_note").CountAsync(), Is.Zero);
        Assert.That(await _db.Object("tck_order").CountAsync(), Is.Zero);
    }

    private sealed class RecordingDriver(IObjectQLDriver inner) : PassThroughDriver(inner)
    {
        public List<TransactionIsolation> Levels { get; } = [];

        public override Task<IDriverTransaction> BeginTransactionAsync(TransactionIsolation isolationLevel = TransactionIsolation.Unspecified, CancellationToken cancellationToken = default)
        {
            Levels.Add(isolationLevel);
            return base.BeginTransactionAsync(isolationLevel, cancellationToken);
        }
    }
}
