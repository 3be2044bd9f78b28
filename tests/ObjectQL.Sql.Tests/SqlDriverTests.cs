using ObjectQL.Drivers;
using ObjectQL.Metadata;
using ObjectQL.Querying;

namespace ObjectQL.Sql.Tests;

/// <summary>Driver behaviour every SQL store must show, run against a real database per test.</summary>
public abstract partial class SqlDriverTests
{
    protected ObjectDefinition Definition { get; private set; } = null!;
    protected SqlDriver Driver { get; private set; } = null!;

    /// <summary>A new, empty store for one test.</summary>
    protected abstract string CreateStore();

    /// <summary>Removes the store made by <see cref="CreateStore"/>.</summary>
    protected abstract void DropStore(string store);

    /// <summary>A driver over the store.</summary>
    protected abstract SqlDriver Open(string store);

    /// <summary>Runs raw SQL on the store, outside the driver.</summary>
    protected abstract Task ExecuteRawAsync(string store, string sql);

    protected string Store { get; private set; } = null!;

    [SetUp]
    public async Task CreateDriver()
    {
        Store = CreateStore();
        Definition = TestModel.Task();
        Driver = Open(Store);
        await Driver.InitializeAsync(new ObjectModel([Definition]));
    }

    [TearDown]
    public async Task DisposeDriver()
    {
        await Driver.DisposeAsync();
        DropStore(Store);
    }

    protected Task InsertAsync(params Record[] records) => Driver.InsertAsync(Definition, records);

    protected async Task<string[]> IdsAsync(Filter? where, params SortSpec[] order) =>
        (await Driver.FindAsync(Definition, new Query { Where = where, OrderBy = order })).Select(r => r.Id!).ToArray();

    [Test]
    public async Task Every_field_type_round_trips_in_canonical_form()
    {
        var record = TestModel.Row("r1", "Title", 2.5, "open");
        record["notes"] = "line1\nline2 'quoted' \"double\" ünïcödé 😀";
        record["rating"] = 2.0;
        record["done"] = true;
        record["due_date"] = new DateOnly(2026, 2, 28);
        record["remind_at"] = new DateTimeOffset(2026, 3, 1, 9, 30, 15, 123, TimeSpan.FromHours(2));
        record["start_time"] = new TimeOnly(8, 15, 30, 250);
        record["budget"] = 1234.5600m;
        record["code"] = "C-1";
        record["owner"] = "user-1";
        record["tags"] = new[] { "a", "b" };
        record["meta"] = TestModel.Json("{\"k\":[1,2,{\"x\":null}]}");
        record["embedding"] = new[] { 0.5f, -1.25f, 3f };
        await InsertAsync(record);

        var read = await Driver.FindOneAsync(Definition, "r1");

        Assert.That(read, Is.Not.Null);
        Assert.Multiple(() =>
        {
            Assert.That(read!["title"], Is.EqualTo("Title"));
            Assert.That(read["notes"], Is.EqualTo(record["notes"]));
            Assert.That(read["status"], Is.EqualTo("open"));
            Assert.That(read["rating"], Is.EqualTo(2.0).And.TypeOf<double>());
            Assert.That(read["priority"], Is.EqualTo(2.5).And.TypeOf<double>());
            Assert.That(read["done"], Is.EqualTo(true));
            Assert.That(read["due_date"], Is.EqualTo(new DateOnly(2026, 2, 28)));
            Assert.That(read["remind_at"], Is.TypeOf<DateTimeOffset>());
            Assert.That(((DateTimeOffset)read["remind_at"]!).UtcDateTime, Is.EqualTo(((DateTimeOffset)record["remind_at"]!).UtcDateTime));
            Assert.That(read["start_time"], Is.EqualTo(new TimeOnly(8, 15, 30, 250)));
            Assert.That(read["budget"], Is.EqualTo(1234.56m).And.TypeOf<decimal>());
            Assert.That(read["tags"], Is.EqualTo(new[] { "a", "b" }).And.TypeOf<string[]>());
            Assert.That(read["meta"], Is.TypeOf<System.Text.Json.JsonElement>());
            Assert.That(((System.Text.Json.JsonElement)read["meta"]!).GetProperty("k")[2].GetProperty("x").ValueKind, Is.EqualTo(System.Text.Json.JsonValueKind.Null));
            Assert.That(read["embedding"], Is.EqualTo(new[] { 0.5f, -1.25f, 3f }));
            Assert.That(read["_version"], Is.EqualTo(1L));
            Assert.That(read["created_by"], Is.EqualTo("tester"));
            Assert.That(read.Contains("score"), Is.False, "computed fields are not stored");
            Assert.That(read["owner"], Is.EqualTo("user-1"));
        });
    }

    [Test]
    public async Task FindOne_of_a_missing_id_returns_null()
    {
        Assert.That(await Driver.FindOneAsync(Definition, "missing"), Is.Null);
    }

    [Test]
    public async Task Insert_with_a_duplicate_id_throws_conflict_and_inserts_none_of_the_batch()
    {
        await InsertAsync(TestModel.Row("a"));
        var error = Assert.ThrowsAsync<ObjectQLException>(() => InsertAsync(TestModel.Row("b"), TestModel.Row("a")));
        Assert.Multiple(async () =>
        {
            Assert.That(error!.Code, Is.EqualTo(ErrorCodes.Conflict));
            Assert.That(error.Field, Is.EqualTo("id"));
            Assert.That(await Driver.CountAsync(Definition, null), Is.EqualTo(1));
        });
    }

    [Test]
    public async Task Insert_with_a_duplicate_unique_value_throws_conflict_naming_the_field()
    {
        var first = TestModel.Row("a");
        first["code"] = "X";
        var second = TestModel.Row("b");
        second["code"] = "X";
        await InsertAsync(first);
        var error = Assert.ThrowsAsync<ObjectQLException>(() => InsertAsync(second));
        Assert.Multiple(() =>
        {
            Assert.That(error!.Code, Is.EqualTo(ErrorCodes.Conflict));
            Assert.That(error.Field, Is.EqualTo("code"));
        });
    }

    [Test]
    public async Task Unique_fields_accept_many_nulls()
    {
        await InsertAsync(TestModel.Row("a"), TestModel.Row("b"));
        Assert.That(await Driver.CountAsync(Definition, new Filter.Comparison("code", FilterOperator.Null, true)), Is.EqualTo(2));
    }

    [Test]
    public async Task Insert_of_an_unknown_field_is_invalid_request_and_writes_nothing()
    {
        var record = TestModel.Row("a");
        record["no_such_field"] = 1;
        var error = Assert.ThrowsAsync<ObjectQLException>(() => InsertAsync(TestModel.Row("b"), record));
        Assert.Multiple(async () =>
        {
            Assert.That(error!.Field, Is.EqualTo("no_such_field"));
            Assert.That(await Driver.CountAsync(Definition, null), Is.Zero);
        });
    }

    [Test]
    public async Task Update_with_the_expected_version_writes_and_with_a_stale_one_does_not()
    {
        await InsertAsync(TestModel.Row("a", "old"));
        var results = await Driver.UpdateAsync(Definition,
        [
            new RecordChange("a", new Record { ["title"] = "new", ["_version"] = 2L }, ExpectedVersion: 1),
        ]);
        var stale = await Driver.UpdateAsync(Definition,
        [
            new RecordChange("a", new Record { ["title"] = "lost", ["_version"] = 2L }, ExpectedVersion: 1),
        ]);
        var read = await Driver.FindOneAsync(Definition, "a");
        Assert.Multiple(() =>
        {
            Assert.That(results, Is.EqualTo(new[] { true }));
            Assert.That(stale, Is.EqualTo(new[] { false }));
            Assert.That(read!["title"], Is.EqualTo("new"));
            Assert.That(read["_version"], Is.EqualTo(2L));
        });
    }

    [Test]
    public async Task Update_reports_per_change_and_handles_mixed_shapes()
    {
        await InsertAsync(TestModel.Row("a", "a0", 1), TestModel.Row("b", "b0", 2), TestModel.Row("c", "c0", 3));
        var results = await Driver.UpdateAsync(Definition,
        [
            new RecordChange("a", new Record { ["title"] = "a1" }),
            new RecordChange("b", new Record { ["title"] = "b1" }),
            new RecordChange("missing", new Record { ["title"] = "x" }),
            new RecordChange("c", new Record { ["priority"] = 30.0, ["title"] = null }),
            new RecordChange("a", new Record()),
        ]);
        var rows = await Driver.FindAsync(Definition, Query.All);
        Assert.Multiple(() =>
        {
            Assert.That(results, Is.EqualTo(new[] { true, true, false, true, true }));
            Assert.That(rows.Select(r => r["title"]), Is.EqualTo(new object?[] { "a1", "b1", null }));
            Assert.That(rows.Select(r => r["priority"]), Is.EqualTo(new object?[] { 1.0, 2.0, 30.0 }));
        });
    }

    [Test]
    public async Task Delete_reports_per_id()
    {
        await InsertAsync(TestModel.Row("a"), TestModel.Row("b"));
        var results = await Driver.DeleteAsync(Definition, ["a", "zzz", "b", "a"]);
        Assert.Multiple(async () =>
        {
            Assert.That(results, Is.EqualTo(new[] { true, false, true, false }));
            Assert.That(await Driver.CountAsync(Definition, null), Is.Zero);
        });
    }

    [Test]
    public async Task A_committed_transaction_keeps_its_writes()
    {
        await using (var transaction = await Driver.BeginTransactionAsync())
        {
            await Driver.InsertAsync(Definition, [TestModel.Row("a")], transaction);
            await Driver.UpdateAsync(Definition, [new RecordChange("a", new Record { ["title"] = "in tx" })], transaction);
            Assert.That((await Driver.FindOneAsync(Definition, "a", transaction))!["title"], Is.EqualTo("in tx"));
            await transaction.CommitAsync();
        }
        Assert.That((await Driver.FindOneAsync(Definition, "a"))!["title"], Is.EqualTo("in tx"));
    }

    [Test]
    public async Task A_transaction_disposed_without_commit_rolls_back()
    {
        await InsertAsync(TestModel.Row("keep"));
        await using (var transaction = await Driver.BeginTransactionAsync(TransactionIsolation.Serializable))
        {
            await Driver.InsertAsync(Definition, [TestModel.Row("a")], transaction);
            await Driver.DeleteAsync(Definition, ["keep"], transaction);
        }
        Assert.That(await IdsAsync(null), Is.EqualTo(new[] { "keep" }));
    }

    [Test]
    public async Task Rollback_discards_and_the_finished_transaction_cannot_be_used()
    {
        var transaction = await Driver.BeginTransactionAsync();
        await Driver.InsertAsync(Definition, [TestModel.Row("a")], transaction);
        await transaction.RollbackAsync();
        var error = Assert.ThrowsAsync<ObjectQLException>(() => Driver.InsertAsync(Definition, [TestModel.Row("b")], transaction));
        Assert.Multiple(async () =>
        {
            Assert.That(error!.Code, Is.EqualTo(ErrorCodes.InvalidRequest));
            Assert.That(await Driver.CountAsync(Definition, null), Is.Zero);
        });
        await transaction.DisposeAsync();
    }

    [Test]
    public async Task Concurrent_calls_inside_one_transaction_take_turns_on_its_connection()
    {
        await using (var transaction = await Driver.BeginTransactionAsync())
        {
            var calls = Enumerable.Range(0, 20).Select(i => Task.Run(async () =>
            {
                await Driver.InsertAsync(Definition, [TestModel.Row($"c{i:D2}")], transaction);
                return await Driver.CountAsync(Definition, null, transaction);
            }));
            var counts = await Task.WhenAll(calls);
            Assert.That(counts, Has.All.InRange(1, 20));
            await transaction.CommitAsync();
        }
        Assert.That(await Driver.CountAsync(Definition, null), Is.EqualTo(20));
    }

    [Test]
    public async Task Ten_thousand_rows_insert_in_one_call_and_page_back_in_order()
    {
        var rows = Enumerable.Range(0, 10_000).Select(i => TestModel.Row($"r{i:D5}", $"t{i % 7}", i % 100)).ToArray();
        await Driver.InsertAsync(Definition, rows);
        var page = await Driver.FindAsync(Definition, new Query { OrderBy = [new SortSpec("priority", SortDirection.Descending)], Limit = 10_000 });
        var second = await Driver.FindAsync(Definition, new Query { OrderBy = [new SortSpec("priority")], Limit = 100, Offset = 100 });
        Assert.Multiple(() =>
        {
            Assert.That(page, Has.Count.EqualTo(10_000));
            Assert.That(page[0].Id, Is.EqualTo("r00099"));
            Assert.That(page[1].Id, Is.EqualTo("r00199"), "ties broken by id ascending");
            Assert.That(second[0].Id, Is.EqualTo("r00001"));
            Assert.That(second.Select(r => r["priority"]).Distinct(), Is.EqualTo(new object[] { 1.0 }));
        });
    }

    [Test]
    public async Task Large_text_round_trips()
    {
        var text = string.Concat(Enumerable.Repeat("0123456789abcdef😀", 70_000));
        var record = TestModel.Row("big", text);
        await InsertAsync(record);
        Assert.Multiple(async () =>
        {
            Assert.That((await Driver.FindOneAsync(Definition, "big"))!["title"], Is.EqualTo(text));
            Assert.That(await Driver.CountAsync(Definition, new Filter.Comparison("title", FilterOperator.EndsWith, "ef😀")), Is.EqualTo(1));
        });
    }

    [Test]
    public async Task A_foreign_transaction_is_invalid_request()
    {
        await using var other = Open(Store);
        await using var transaction = await other.BeginTransactionAsync();
        var error = Assert.ThrowsAsync<ObjectQLException>(() => Driver.FindAsync(Definition, Query.All, transaction));
        Assert.That(error!.Code, Is.EqualTo(ErrorCodes.InvalidRequest));
    }
}
