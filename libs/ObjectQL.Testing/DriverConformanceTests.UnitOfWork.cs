using NUnit.Framework;
using ObjectQL.Metadata;
using ObjectQL.Querying;

namespace ObjectQL.Testing;

/// <summary>The unit of work: savepoints, isolation levels, write origins and the before-commit stage (docs/pipeline.md).</summary>
public abstract partial class DriverConformanceTests
{
    private static readonly WriteOrigin First = new() { ClientId = "client-a", MutationId = "m1", Clock = "0001" };
    private static readonly WriteOrigin Second = new() { ClientId = "client-a", MutationId = "m2", Clock = "0002", AppliesRemoteChange = true };

    // What every before-commit call saw, one list per call.
    private List<IReadOnlyList<ChangeEvent>> CaptureBeforeCommit(out IDisposable subscription, Func<BeforeCommitContext, CancellationToken, Task>? also = null)
    {
        var calls = new List<IReadOnlyList<ChangeEvent>>();
        subscription = Db.Changes.SubscribeBeforeCommit(async (context, ct) =>
        {
            Assert.That(context.Transaction, Is.Not.Null, "the stage runs inside the transaction");
            calls.Add(context.Changes);
            if (also is not null)
            {
                await also(context, ct).ConfigureAwait(false);
            }
        });
        return calls;
    }

    private static string Describe(ChangeEvent change) => $"{change.Operation}:{change.ObjectName}:{change.Id}:{change.Origin?.MutationId ?? "-"}";

    /// <summary>
    /// A savepoint rolled back undoes only its own writes and drops its own change events; the transaction goes on and
    /// commits. On a batch-only store the rollback drops the writes buffered after the mark: they never reach the store.
    /// </summary>
    [Test]
    public async Task Savepoint_rollback_keeps_the_outer_writes_and_drops_the_inner_events()
    {
        await Notes.CreateAsync(R(("id", "base"), ("title", "committed")));
        var committed = Capture(out var feed);
        var beforeCommit = CaptureBeforeCommit(out var stage);
        using (feed)
        using (stage)
        {
            await Db.TransactionAsync(async (session, ct) =>
            {
                var notes = session.Object(TestModels.Note.Name);
                await notes.CreateAsync(R(("id", "outer1"), ("title", "kept")), ct);
                var failure = await FailsWithAsync<InvalidOperationException>(() => session.SavepointAsync(async (inner, ct2) =>
                {
                    var innerNotes = inner.Object(TestModels.Note.Name);
                    await innerNotes.CreateAsync(R(("id", "inner"), ("title", "undone")), ct2);
                    await innerNotes.UpdateAsync("base", R(("title", "changed inside")), ct2);
                    if (!IsBatched)
                    {
                        // A record written earlier in this transaction, which a batch-only store's reads cannot see.
                        await innerNotes.UpdateAsync("outer1", R(("title", "changed inside")), ct2);
                    }
                    throw new InvalidOperationException("the nested unit fails");
                }, ct));
                Assert.That(failure!.Message, Is.EqualTo("the nested unit fails"));
                Assert.That(await notes.FindOneAsync("inner", ct), Is.Null, "the savepoint's create is gone inside the transaction");
                Assert.That((await notes.FindOneAsync("base", ct))?["title"], Is.EqualTo("committed"), "the savepoint's update is gone inside the transaction");
                await session.SavepointAsync(async (inner, ct2) =>
                    await inner.Object(TestModels.Note.Name).CreateAsync(R(("id", "released"), ("title", "kept too")), ct2), ct);
                await notes.CreateAsync(R(("id", "outer2"), ("title", "kept")), ct);
            });
        }
        Assert.That(SortedIds(await Notes.FindAsync(Query.All)), Is.EqualTo(new[] { "base", "outer1", "outer2", "released" }));
        foreach (var (id, title) in new[] { ("base", "committed"), ("outer1", "kept") })
        {
            var note = await Notes.FindOneAsync(id);
            Assert.That((note?["title"], note?[SystemFields.Version]), Is.EqualTo((title, (object)1L)), $"'{id}' as before the savepoint");
        }
        var expected = new[] { "Create:tck_note:outer1:-", "Create:tck_note:released:-", "Create:tck_note:outer2:-" };
        Assert.That(beforeCommit.Select(static call => call.Select(Describe)), Is.EqualTo(new[] { expected }));
        Assert.That(committed.Select(Describe), Is.EqualTo(expected));
    }

    /// <summary>
    /// A savepoint whose write the store refuses (a duplicate id) rolls back to the savepoint, and the transaction can
    /// still write and commit; PostgreSQL, which aborts a transaction on any error, needs the savepoint for this. A
    /// batch-only store meets the duplicate only in the commit's batch: the commit fails with CONFLICT naming the id,
    /// and nothing of the transaction is stored.
    /// </summary>
    [Test]
    public async Task Savepoint_recovers_the_transaction_after_a_store_error()
    {
        await Notes.CreateAsync(R(("id", "taken"), ("title", "first")));
        var transaction = Db.TransactionAsync(async (session, ct) =>
        {
            var notes = session.Object(TestModels.Note.Name);
            await notes.CreateAsync(R(("id", "before"), ("title", "x")), ct);
            var unit = session.SavepointAsync(async (inner, ct2) =>
            {
                await inner.Object(TestModels.Note.Name).CreateAsync(R(("id", "inside"), ("title", "y")), ct2);
                await inner.Object(TestModels.Note.Name).CreateAsync(R(("id", "taken"), ("title", "again")), ct2);
            }, ct);
            if (IsBatched)
            {
                await unit;
            }
            else
            {
                await ThrowsAsync(ErrorCodes.Conflict, SystemFields.Id, () => unit);
            }
            await notes.CreateAsync(R(("id", "after"), ("title", "z")), ct);
        });
        if (IsBatched)
        {
            var error = await ThrowsAsync(ErrorCodes.Conflict, SystemFields.Id, () => transaction);
            Assert.That(error.Details[0].Reason, Is.EqualTo("unique"));
            Assert.That(SortedIds(await Notes.FindAsync(Query.All)), Is.EqualTo(new[] { "taken" }));
        }
        else
        {
            await transaction;
            Assert.That(SortedIds(await Notes.FindAsync(Query.All)), Is.EqualTo(new[] { "after", "before", "taken" }));
        }
        Assert.That((await Notes.FindOneAsync("taken"))?["title"], Is.EqualTo("first"));
    }

    /// <summary>
    /// The driver's savepoints: roll back to one, release one, and refuse unknown or non-identifier names. A batch-only
    /// store's reads inside see none of the buffered inserts; its rollback drops those after the mark from the batch.
    /// </summary>
    [Test]
    public async Task Driver_savepoints_roll_back_release_and_check_names()
    {
        await using (var transaction = await Driver.BeginTransactionAsync())
        {
            await Driver.InsertAsync(TestModels.Note, [R(("id", "a"), ("title", "a"), ("_version", 1L))], transaction);
            await transaction.CreateSavepointAsync("s1");
            await Driver.InsertAsync(TestModels.Note, [R(("id", "b"), ("title", "b"), ("_version", 1L))], transaction);
            await transaction.CreateSavepointAsync("s2");
            await Driver.InsertAsync(TestModels.Note, [R(("id", "c"), ("title", "c"), ("_version", 1L))], transaction);
            await transaction.RollbackToSavepointAsync("s1");
            Assert.That(SortedIds(await Driver.FindAsync(TestModels.Note, Query.All, transaction)), Is.EqualTo(IsBatched ? Array.Empty<string>() : new[] { "a" }));
            await Driver.InsertAsync(TestModels.Note, [R(("id", "d"), ("title", "d"), ("_version", 1L))], transaction);
            await transaction.ReleaseSavepointAsync("s1");
            await ThrowsAsync(ErrorCodes.InvalidRequest, "savepoint", async () => await transaction.CreateSavepointAsync("s1; DROP TABLE tck_note"));
            await ThrowsAsync(ErrorCodes.InvalidRequest, "savepoint", async () => await transaction.CreateSavepointAsync("1st"));
            await transaction.CommitAsync();
        }
        Assert.That(SortedIds(await Driver.FindAsync(TestModels.Note, Query.All)), Is.EqualTo(new[] { "a", "d" }));
        await using (var transaction = await Driver.BeginTransactionAsync())
        {
            var error = await ThrowsAsync(ErrorCodes.InvalidRequest, "savepoint", async () => await transaction.RollbackToSavepointAsync("never_made"));
            Assert.That(error.Details[0].Reason, Is.EqualTo("unknown_savepoint"));
        }
    }

    /// <summary>
    /// The before-commit stage runs once per transaction with every change, in write order, each with the origin of the
    /// session that wrote it, across typed, untyped and bulk writes; a single write outside a transaction is a unit too.
    /// The records updated and deleted are committed beforehand, so a batch-only store (whose reads inside see committed
    /// data only) runs the same writes; interactive stores also update and delete records of the transaction itself.
    /// </summary>
    [Test]
    public async Task Before_commit_stage_sees_every_change_once_with_its_origin_in_write_order()
    {
        await Users.CreateManyAsync([R(("id", "u0"), ("name", "Zero")), R(("id", "u1"), ("name", "One")), R(("id", "u2"), ("name", "Two")),
            R(("id", "u3"), ("name", "Three")), R(("id", "u4"), ("name", "Four"))]);
        await Notes.CreateAsync(R(("id", "n0"), ("title", "committed")));
        var calls = CaptureBeforeCommit(out var stage);
        using (stage)
        {
            await Db.TransactionAsync(async (session, ct) =>
            {
                var first = session.WithOrigin(First);
                var typed = new Repository<KitNote>(first.Object(TestModels.Note.Name));
                var created = await typed.CreateAsync(new KitNote { Id = "n1", Title = "typed" }, ct);
                Assert.That(created.Version, Is.EqualTo(1));
                await typed.CreateManyAsync([new KitNote { Id = "n2", Title = "typed bulk" }, new KitNote { Id = "n3", Title = "typed bulk" }], ct);
                var users = first.Object(TestModels.User.Name);
                await users.CreateManyAsync([R(("id", "u5"), ("name", "Five")), R(("id", "u6"), ("name", "Six"))], ct);
                await users.UpdateAsync("u0", R(("age", 1.0)), ct);
                var second = session.WithOrigin(Second).Object(TestModels.User.Name);
                await second.UpdateManyAsync(Where("id", FilterOperator.In, new[] { "u1", "u2" }), R(("age", 2.0)), ct);
                await second.UpdateManyAsync([new RecordPatch("u3", R(("age", 3.0)))], ct);
                await second.DeleteByIdsAsync(["u4"], ct);
                await session.Object(TestModels.Note.Name).DeleteAsync("n0", ct);
                if (!IsBatched)
                {
                    await second.UpdateManyAsync([new RecordPatch("u1", R(("age", 4.0)))], ct);
                    await session.Object(TestModels.Note.Name).DeleteAsync("n3", ct);
                }
            });
            await Notes.CreateAsync(R(("id", "alone"), ("title", "its own unit")));
        }
        Assert.That(calls, Has.Count.EqualTo(2), "once per transaction");
        string[] inBoth =
        [
            "Create:tck_note:n1:m1", "Create:tck_note:n2:m1", "Create:tck_note:n3:m1",
            "Create:tck_user:u5:m1", "Create:tck_user:u6:m1", "Update:tck_user:u0:m1",
            "Update:tck_user:u1:m2", "Update:tck_user:u2:m2", "Update:tck_user:u3:m2", "Delete:tck_user:u4:m2",
            "Delete:tck_note:n0:-",
        ];
        string[] interactiveOnly = IsBatched ? [] : ["Update:tck_user:u1:m2", "Delete:tck_note:n3:-"];
        Assert.That(calls[0].Select(Describe), Is.EqualTo(inBoth.Concat(interactiveOnly)));
        Assert.That(calls[0][0].Origin, Is.EqualTo(First));
        Assert.That(calls[0][6].Origin, Is.EqualTo(Second));
        Assert.That(calls[0][6].Origin!.AppliesRemoteChange, Is.True);
        Assert.That(calls[0][0].Data!["title"], Is.EqualTo("typed"), "typed creates carry their stored image");
        Assert.That(calls[0][8].Version, Is.EqualTo(2), "a batched update of a committed record");
        if (!IsBatched)
        {
            Assert.That(calls[0][11].Version, Is.EqualTo(3), "the second update of u1 in the same transaction");
        }
        Assert.That(calls[1].Select(Describe), Is.EqualTo(new[] { "Create:tck_note:alone:-" }));
        Assert.That(await UserIdsAsync(Where("age", FilterOperator.Gt, 0.0)), Is.EqualTo(new[] { "u0", "u1", "u2", "u3" }), "every update committed");
        Assert.That(SortedIds(await Notes.FindAsync(Query.All)), Is.EqualTo(IsBatched ? new[] { "alone", "n1", "n2", "n3" } : new[] { "alone", "n1", "n2" }));
    }

    /// <summary>What the stage writes commits with the data; when the stage or the body fails, data and log roll back together.</summary>
    [Test]
    public async Task Before_commit_writes_commit_and_roll_back_with_the_data()
    {
        using var stage = Db.Changes.SubscribeBeforeCommit(async (context, ct) =>
        {
            foreach (var change in context.Changes)
            {
                await context.Session.Object(TestModels.Order.Name).CreateAsync(R(("customer", change.Id)), ct);
            }
            if (context.Changes.Any(static c => c.Id == "refused"))
            {
                throw new ObjectQLException(ErrorCodes.Conflict, "the log refuses this transaction");
            }
        });
        await Notes.CreateManyAsync([R(("id", "kept1"), ("title", "a")), R(("id", "kept2"), ("title", "b"))]);
        await ThrowsAsync(ErrorCodes.Conflict, null, () => Db.TransactionAsync(async (session, ct) =>
        {
            await session.Object(TestModels.Note.Name).CreateAsync(R(("id", "other"), ("title", "c")), ct);
            await session.Object(TestModels.Note.Name).CreateAsync(R(("id", "refused"), ("title", "d")), ct);
        }));
        await FailsWithAsync<InvalidOperationException>(() => Db.TransactionAsync(async (session, ct) =>
        {
            await session.Object(TestModels.Note.Name).CreateAsync(R(("id", "abandoned"), ("title", "e")), ct);
            throw new InvalidOperationException("the body fails before the stage");
        }));
        Assert.That(SortedIds(await Notes.FindAsync(Query.All)), Is.EqualTo(new[] { "kept1", "kept2" }));
        var log = await Orders.FindAsync(new Query { OrderBy = [new SortSpec("customer", SortDirection.Ascending)] });
        Assert.That(log.Select(static r => r["customer"]), Is.EqualTo(new[] { "kept1", "kept2" }));
    }

    /// <summary>
    /// Writes through the stage's session are not changes: no handler sees them. Writes through its tracked session are:
    /// every before-commit handler gets them in a further round, and the change feed publishes them.
    /// </summary>
    [Test]
    public async Task Before_commit_writes_are_changes_only_when_asked()
    {
        var committed = Capture(out var feed);
        var rounds = new List<string>();
        using (feed)
        using (Db.Changes.SubscribeBeforeCommit(async (context, ct) =>
        {
            rounds.AddRange(context.Changes.Select(c => $"{context.Round}:{c.ObjectName}:{c.Id}"));
            if (context.Round > 0)
            {
                return;
            }
            await context.Session.Object(TestModels.Order.Name).CreateAsync(R(("id", "silent"), ("customer", "log")), ct);
            await context.TrackedSession.Object(TestModels.Order.Name).CreateAsync(R(("id", "tracked"), ("customer", "derived")), ct);
        }))
        {
            await Notes.CreateAsync(R(("id", "n1"), ("title", "x")));
        }
        Assert.That(rounds, Is.EqualTo(new[] { "0:tck_note:n1", "1:tck_order:tracked" }));
        Assert.That(committed.Select(static c => c.Id), Is.EqualTo(new[] { "n1", "tracked" }));
        Assert.That(SortedIds(await Orders.FindAsync(Query.All)), Is.EqualTo(new[] { "silent", "tracked" }));
    }

    /// <summary>A unit of work may ask for an isolation level; a nested one joins it only when it asks for the same one or none.</summary>
    [Test]
    public async Task Transaction_takes_an_isolation_level_and_refuses_to_join_another()
    {
        var readCommitted = new TransactionOptions { IsolationLevel = TransactionIsolation.ReadCommitted };
        await Db.TransactionAsync(async (session, ct) =>
        {
            await session.Object(TestModels.Note.Name).CreateAsync(R(("id", "rc"), ("title", "x")), ct);
            await session.TransactionAsync(async (joined, ct2) =>
                await joined.Object(TestModels.Note.Name).CreateAsync(R(("id", "joined"), ("title", "y")), ct2), readCommitted, ct);
            var error = await ThrowsAsync(ErrorCodes.InvalidRequest, "isolationLevel", () =>
                session.TransactionAsync((_, _) => Task.CompletedTask, new TransactionOptions { IsolationLevel = TransactionIsolation.Serializable }, ct));
            Assert.That(error.Details[0].Reason, Is.EqualTo("isolation_mismatch"));
        }, readCommitted);
        Assert.That(SortedIds(await Notes.FindAsync(Query.All)), Is.EqualTo(new[] { "joined", "rc" }));
    }
}
