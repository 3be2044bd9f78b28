using ObjectQL.Drivers;
using ObjectQL.Metadata;
using ObjectQL.Querying;
using ObjectQL.Sql;
using ObjectQL.Testing;

namespace ObjectQL.Sqlite.Tests.BatchOnly;

/// <summary>
/// The batch-only model on the D1-style store: writes of a transaction reach the store as one batch at commit, guards
/// turn a stale compare-and-swap or a vanished record into a failed commit naming the record, and savepoints are marks
/// in the buffer.
/// </summary>
public sealed class BatchTransactionTests
{
    private string _path = "";
    private D1Double _store = null!;
    private SqlDriver _driver = null!;
    private ObjectQLDatabase _db = null!;

    private IObjectRepository Notes => _db.Object(TestModels.Note.Name);

    [SetUp]
    public async Task OpenAsync()
    {
        _path = Path.Combine(Path.GetTempPath(), $"objectql-d1-batch-{Guid.NewGuid():N}.db");
        _store = new D1Double(_path);
        _driver = new SqlDriver(new D1StyleExecutor(_store));
        _db = await ObjectQLDatabase.OpenAsync(_driver, TestModels.Conformance);
    }

    [TearDown]
    public async Task CloseAsync()
    {
        // The database disposes the driver, which disposes the store; disposing again is harmless.
        await _db.DisposeAsync();
        await _driver.DisposeAsync();
        _store.Dispose();
        foreach (var suffix in new[] { "", "-wal", "-shm" })
        {
            File.Delete(_path + suffix);
        }
    }

    [Test]
    public void The_driver_declares_the_batched_model()
    {
        Assert.That(DriverCapabilities.TransactionModelOf(_driver), Is.EqualTo(TransactionModel.Batched));
    }

    [Test]
    public async Task A_transaction_reaches_the_store_as_one_request_at_commit()
    {
        var requestsInside = 0;
        await _db.TransactionAsync(async (session, ct) =>
        {
            var notes = session.Object(TestModels.Note.Name);
            var before = _store.Requests;
            await notes.CreateAsync(Note("n1"), ct);
            await notes.CreateAsync(Note("n2"), ct);
            await notes.CreateAsync(Note("n3"), ct);
            requestsInside = _store.Requests - before;
        });
        Assert.That(requestsInside, Is.Zero, "creates without reads are only buffered");
        Assert.That(await Notes.CountAsync(), Is.EqualTo(3));
    }

    [Test]
    public async Task A_stale_compare_and_swap_fails_the_commit_naming_the_record_and_applies_nothing()
    {
        await Notes.CreateAsync(Note("n1"));
        var failure = Assert.ThrowsAsync<ObjectQLException>(() => _db.TransactionAsync(async (session, ct) =>
        {
            var notes = session.Object(TestModels.Note.Name);
            await notes.CreateAsync(Note("n2"), ct);
            await notes.UpdateAsync("n1", R(("title", "inside"), (SystemFields.Version, 1L)), ct);
            // Another writer commits first: the buffered update's version is stale now.
            await Notes.UpdateAsync("n1", R(("title", "outside")));
        }));
        Assert.That(failure!.Code, Is.EqualTo(ErrorCodes.Conflict));
        Assert.That(failure.Message, Does.Contain("'n1'"));
        Assert.That((await Notes.FindOneAsync("n1"))!["title"], Is.EqualTo("outside"));
        Assert.That(await Notes.FindOneAsync("n2"), Is.Null, "nothing of the failed batch is applied");
    }

    [Test]
    public async Task A_delete_of_a_record_deleted_meanwhile_fails_the_commit()
    {
        await Notes.CreateManyAsync([Note("n1"), Note("n2")]);
        var failure = Assert.ThrowsAsync<ObjectQLException>(() => _db.TransactionAsync(async (session, ct) =>
        {
            var notes = session.Object(TestModels.Note.Name);
            await notes.DeleteAsync("n2", ct);
            await notes.DeleteAsync("n1", ct);
            await Notes.DeleteAsync("n1");
        }));
        Assert.That(failure!.Code, Is.EqualTo(ErrorCodes.Conflict));
        Assert.That(failure.Message, Does.Contain("'n1'"));
        Assert.That(await Notes.FindOneAsync("n2"), Is.Not.Null, "the other delete of the batch is undone");
    }

    [Test]
    public async Task A_record_updated_twice_in_one_transaction_fails_the_commit()
    {
        await Notes.CreateAsync(Note("n1"));
        var failure = Assert.ThrowsAsync<ObjectQLException>(() => _db.TransactionAsync(async (session, ct) =>
        {
            var notes = session.Object(TestModels.Note.Name);
            // Both updates read the committed version 1; in the batch the second finds version 2, so its guard fails.
            await notes.UpdateAsync("n1", R(("title", "first")), ct);
            await notes.UpdateAsync("n1", R(("title", "second")), ct);
        }));
        Assert.That(failure!.Code, Is.EqualTo(ErrorCodes.Conflict));
        Assert.That(failure.Message, Does.Contain("'n1'"));
        var stored = await Notes.FindOneAsync("n1");
        Assert.That((stored!["title"], stored[SystemFields.Version]), Is.EqualTo(("n1", (object)1L)), "neither update is applied");
    }

    [Test]
    public async Task A_unique_violation_inside_the_batch_names_the_field_and_applies_nothing()
    {
        var failure = Assert.ThrowsAsync<ObjectQLException>(() => _db.TransactionAsync(async (session, ct) =>
        {
            var users = session.Object(TestModels.User.Name);
            // Each create's uniqueness check reads committed data, so only the store's index sees the clash.
            await users.CreateAsync(R(("id", "a"), ("name", "A"), ("email", "same@example.com")), ct);
            await users.CreateAsync(R(("id", "b"), ("name", "B"), ("email", "same@example.com")), ct);
        }));
        Assert.That(failure!.Code, Is.EqualTo(ErrorCodes.Conflict));
        Assert.That(failure.Details.Select(static d => d.Field), Does.Contain("email"));
        Assert.That(await _db.Object(TestModels.User.Name).CountAsync(), Is.Zero);
    }

    [Test]
    public async Task Savepoints_are_marks_in_the_buffer()
    {
        var transaction = (SqlBatchTransaction)await _driver.BeginTransactionAsync();
        await using (transaction)
        {
            await _driver.InsertAsync(TestModels.Note, [Stored("a")], transaction);
            await transaction.CreateSavepointAsync("s");
            await _driver.InsertAsync(TestModels.Note, [Stored("b")], transaction);
            Assert.That(transaction.Count, Is.EqualTo(2));
            await transaction.RollbackToSavepointAsync("s");
            Assert.That(transaction.Count, Is.EqualTo(1));
            await _driver.InsertAsync(TestModels.Note, [Stored("c")], transaction);
            await transaction.ReleaseSavepointAsync("s");
            var unknown = Assert.ThrowsAsync<ObjectQLException>(async () => await transaction.RollbackToSavepointAsync("s"));
            Assert.That(unknown!.Code, Is.EqualTo(ErrorCodes.InvalidRequest));
            // The last write before the commit is part of the batch.
            await _driver.InsertAsync(TestModels.Note, [Stored("d")], transaction);
            await transaction.CommitAsync();
        }
        var ids = (await _driver.FindAsync(TestModels.Note, Query.All)).Select(static r => r.Id).Order(StringComparer.Ordinal);
        Assert.That(ids, Is.EqualTo(new[] { "a", "c", "d" }));
    }

    [Test]
    public async Task Buffered_updates_outside_a_caller_transaction_still_report_missing_rows()
    {
        await _driver.InsertAsync(TestModels.Note, [Stored("k1")]);
        // Two shapes make two statements, which the driver batches itself and reads the counts of after the commit.
        var results = await _driver.UpdateAsync(TestModels.Note,
        [
            new RecordChange("k1", R(("title", "v2"), (SystemFields.Version, 2L)), ExpectedVersion: 1),
            new RecordChange("missing", R(("body", "x"))),
        ]);
        Assert.That(results, Is.EqualTo(new[] { true, false }));
    }

    private static Record Note(string id) => R(("id", id), ("title", id));

    private static Record Stored(string id) => R(("id", id), ("title", id), (SystemFields.Version, 1L));

    private static Record R(params (string Field, object? Value)[] fields)
    {
        var record = new Record(fields.Length);
        foreach (var (field, value) in fields)
        {
            record[field] = value;
        }
        return record;
    }
}
