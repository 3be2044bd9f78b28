using ObjectQL.Querying;

namespace ObjectQL.Sql.Tests;

public abstract partial class SqlDriverTests
{
    private static Filter.Comparison C(string field, FilterOperator op, object? value) => new(field, op, value);

    private async Task SeedTitlesAsync(params string?[] titles)
    {
        await Driver.InsertAsync(Definition, titles.Select((t, i) => TestModel.Row($"r{i}", t, i)).ToArray());
    }

    [Test]
    public async Task An_aggregate_sorts_by_the_alias_of_an_exact_currency_average()
    {
        Record Row(string id, string status, decimal budget)
        {
            var row = TestModel.Row(id, id, 1, status);
            row["budget"] = budget;
            return row;
        }
        await InsertAsync(Row("a1", "open", 10m), Row("a2", "open", 40m), Row("a3", "done", 20m));
        var rows = await Driver.AggregateAsync(Definition, new Query
        {
            GroupBy = ["status"],
            Aggregations = [new Aggregation(AggregateFunction.Avg, "budget", "avg_budget")],
            OrderBy = [new SortSpec("avg_budget", SortDirection.Descending)],
        });
        Assert.That(rows.Select(static r => (r["status"], r["avg_budget"])), Is.EqualTo(new[] { ((object?)"open", (object?)25m), ("done", 20m) }));
    }

    [Test]
    public async Task Ascending_order_puts_nulls_first_and_descending_last_with_id_breaking_ties()
    {
        await Driver.InsertAsync(Definition,
        [
            TestModel.Row("d", priority: 2), TestModel.Row("a", priority: null), TestModel.Row("c", priority: 1),
            TestModel.Row("b", priority: 2), TestModel.Row("e", priority: null),
        ]);
        Assert.Multiple(async () =>
        {
            Assert.That(await IdsAsync(null, new SortSpec("priority")), Is.EqualTo(new[] { "a", "e", "c", "b", "d" }));
            Assert.That(await IdsAsync(null, new SortSpec("priority", SortDirection.Descending)), Is.EqualTo(new[] { "b", "d", "c", "a", "e" }));
            Assert.That(await IdsAsync(null), Is.EqualTo(new[] { "a", "b", "c", "d", "e" }));
        });
    }

    [Test]
    public async Task Text_sorts_and_compares_ordinally()
    {
        await SeedTitlesAsync("b", "B", "a", "é", "Z", "aa", "A");
        var ordered = (await Driver.FindAsync(Definition, new Query { OrderBy = [new SortSpec("title")] })).Select(r => (string)r["title"]!).ToArray();
        var expected = new[] { "b", "B", "a", "é", "Z", "aa", "A" };
        Array.Sort(expected, StringComparer.Ordinal);
        Assert.Multiple(async () =>
        {
            Assert.That(ordered, Is.EqualTo(expected));
            Assert.That(await Driver.CountAsync(Definition, C("title", FilterOperator.Gt, "Z")), Is.EqualTo(expected.Count(t => string.CompareOrdinal(t, "Z") > 0)));
            Assert.That(await Driver.CountAsync(Definition, C("title", FilterOperator.Eq, "a")), Is.EqualTo(1));
        });
    }

    [Test]
    public async Task Text_matching_is_case_sensitive()
    {
        await SeedTitlesAsync("Hello World", "hello world", "HELLO");
        Assert.Multiple(async () =>
        {
            Assert.That(await IdsAsync(C("title", FilterOperator.Contains, "World")), Is.EqualTo(new[] { "r0" }));
            Assert.That(await IdsAsync(C("title", FilterOperator.StartsWith, "hello")), Is.EqualTo(new[] { "r1" }));
            Assert.That(await IdsAsync(C("title", FilterOperator.EndsWith, "LO")), Is.EqualTo(new[] { "r2" }));
        });
    }

    [TestCase("50%")]
    [TestCase("a_b")]
    [TestCase("back\\slash")]
    [TestCase("it's")]
    [TestCase("\"quoted\"")]
    [TestCase("'; DROP TABLE task_item; --")]
    [TestCase("[abc]*?")]
    [TestCase("😀 emoji")]
    public async Task Hostile_strings_are_matched_literally_by_every_operator(string hostile)
    {
        // Decoys that a wildcard or case-insensitive reading of the hostile string would also match.
        await SeedTitlesAsync($"x{hostile}y", hostile, "50x", "aXb", "back-slash", "IT'S", "other", null);
        Assert.Multiple(async () =>
        {
            Assert.That(await IdsAsync(C("title", FilterOperator.Eq, hostile)), Is.EqualTo(new[] { "r1" }));
            Assert.That(await IdsAsync(C("title", FilterOperator.Contains, hostile)), Is.EqualTo(new[] { "r0", "r1" }));
            Assert.That(await IdsAsync(C("title", FilterOperator.StartsWith, hostile)), Is.EqualTo(new[] { "r1" }));
            Assert.That(await IdsAsync(C("title", FilterOperator.EndsWith, hostile)), Is.EqualTo(new[] { "r1" }));
            Assert.That(await IdsAsync(C("title", FilterOperator.In, new[] { hostile, "nope" })), Is.EqualTo(new[] { "r1" }));
            Assert.That((await IdsAsync(C("title", FilterOperator.Ne, hostile))).Length, Is.EqualTo(7));
            Assert.That((await IdsAsync(C("title", FilterOperator.Nin, new[] { hostile }))).Length, Is.EqualTo(7));
            Assert.That(await IdsAsync(C("title", FilterOperator.Gte, hostile) & C("title", FilterOperator.Lte, hostile)), Is.EqualTo(new[] { "r1" }));
            Assert.That(await Driver.CountAsync(Definition, null), Is.EqualTo(8), "the table is intact");
        });
    }

    [Test]
    public async Task Null_semantics_of_eq_ne_in_nin_and_not()
    {
        await SeedTitlesAsync("a", null, "b");
        Assert.Multiple(async () =>
        {
            Assert.That(await IdsAsync(C("title", FilterOperator.Eq, null)), Is.EqualTo(new[] { "r1" }));
            Assert.That(await IdsAsync(C("title", FilterOperator.Ne, null)), Is.EqualTo(new[] { "r0", "r2" }));
            Assert.That(await IdsAsync(C("title", FilterOperator.Ne, "a")), Is.EqualTo(new[] { "r1", "r2" }));
            Assert.That(await IdsAsync(C("title", FilterOperator.In, new object?[] { "a", null })), Is.EqualTo(new[] { "r0", "r1" }));
            Assert.That(await IdsAsync(C("title", FilterOperator.Nin, new object?[] { "a", null })), Is.EqualTo(new[] { "r2" }));
            Assert.That(await IdsAsync(C("title", FilterOperator.Nin, new[] { "a" })), Is.EqualTo(new[] { "r1", "r2" }));
            Assert.That(await IdsAsync(!C("title", FilterOperator.Eq, "a")), Is.EqualTo(new[] { "r1", "r2" }));
            Assert.That(await IdsAsync(!C("title", FilterOperator.Gt, "a")), Is.EqualTo(new[] { "r0", "r1" }));
            Assert.That(await IdsAsync(!(C("title", FilterOperator.Eq, "a") | C("title", FilterOperator.Eq, "b"))), Is.EqualTo(new[] { "r1" }));
            Assert.That(await IdsAsync(C("title", FilterOperator.Null, true)), Is.EqualTo(new[] { "r1" }));
            Assert.That(await IdsAsync(C("title", FilterOperator.Exists, true)), Is.EqualTo(new[] { "r0", "r2" }));
        });
    }

    [Test]
    public async Task Contains_on_a_list_field_matches_an_element()
    {
        var a = TestModel.Row("a");
        a["tags"] = new[] { "x", "lead" };
        var b = TestModel.Row("b");
        b["tags"] = new[] { "leader" };
        var c = TestModel.Row("c");
        c["tags"] = Array.Empty<string>();
        await InsertAsync(a, b, c, TestModel.Row("d"));
        Assert.Multiple(async () =>
        {
            Assert.That(await IdsAsync(C("tags", FilterOperator.Contains, "lead")), Is.EqualTo(new[] { "a" }));
            Assert.That(await IdsAsync(!C("tags", FilterOperator.Contains, "lead")), Is.EqualTo(new[] { "b", "c", "d" }));
            Assert.That((await Driver.FindOneAsync(Definition, "c"))!["tags"], Is.Not.Null.And.Empty);
        });
    }

    [Test]
    public async Task Average_of_currency_is_an_exact_decimal()
    {
        var amounts = new[] { 10m, 10m, 20m };
        await Driver.InsertAsync(Definition, amounts.Select((m, i) => { var r = TestModel.Row($"m{i}"); r["budget"] = m; return r; }).ToArray());
        var rows = await Driver.AggregateAsync(Definition, new Query { Aggregations = [new Aggregation(AggregateFunction.Avg, "budget", "avg"), new Aggregation(AggregateFunction.Sum, "_version", "versions")] });
        Assert.Multiple(() =>
        {
            Assert.That(rows[0]["avg"], Is.EqualTo(40m / 3m).And.TypeOf<decimal>());
            Assert.That(rows[0]["versions"], Is.EqualTo(3L));
        });
    }

    [Test]
    public async Task Currency_compares_numerically_and_keeps_exact_values()
    {
        var amounts = new[] { 9.5m, 10.25m, 100m, 12.50m, 0.10m };
        await Driver.InsertAsync(Definition, amounts.Select((m, i) => { var r = TestModel.Row($"m{i}"); r["budget"] = m; return r; }).ToArray());
        Assert.Multiple(async () =>
        {
            Assert.That(await IdsAsync(C("budget", FilterOperator.Gt, 10m)), Is.EqualTo(new[] { "m1", "m2", "m3" }));
            Assert.That(await IdsAsync(C("budget", FilterOperator.Eq, 12.5m)), Is.EqualTo(new[] { "m3" }));
            Assert.That(await IdsAsync(null, new SortSpec("budget")), Is.EqualTo(new[] { "m4", "m0", "m1", "m3", "m2" }));
            var total = await Driver.AggregateAsync(Definition, new Query { Aggregations = [new Aggregation(AggregateFunction.Sum, "budget", "total")] });
            Assert.That(total[0]["total"], Is.EqualTo(132.35m));
            var extra = TestModel.Row("m5");
            extra["budget"] = 12.5m;
            await InsertAsync(extra);
            Assert.That(await Driver.DistinctAsync(Definition, "budget", null), Is.EqualTo(new object[] { 0.1m, 9.5m, 10.25m, 12.5m, 100m }));
            var groups = await Driver.AggregateAsync(Definition, new Query { GroupBy = ["budget"], Aggregations = [new Aggregation(AggregateFunction.Count, null, "n")] });
            Assert.That(groups.Select(g => g["n"]), Is.EqualTo(new object[] { 1L, 1L, 1L, 2L, 1L }), "12.50 and 12.5 form one group");
        });
    }

    [Test]
    public async Task Datetimes_with_offsets_compare_and_sort_by_instant()
    {
        var instants = new[]
        {
            new DateTimeOffset(2026, 5, 1, 12, 0, 0, TimeSpan.FromHours(5)),   // 07:00Z
            new DateTimeOffset(2026, 5, 1, 8, 0, 0, TimeSpan.Zero),            // 08:00Z
            new DateTimeOffset(2026, 5, 1, 3, 0, 0, TimeSpan.FromHours(-3)),   // 06:00Z
        };
        await Driver.InsertAsync(Definition, instants.Select((d, i) => { var r = TestModel.Row($"d{i}"); r["remind_at"] = d; return r; }).ToArray());
        Assert.Multiple(async () =>
        {
            Assert.That(await IdsAsync(null, new SortSpec("remind_at")), Is.EqualTo(new[] { "d2", "d0", "d1" }));
            Assert.That(await IdsAsync(C("remind_at", FilterOperator.Eq, new DateTimeOffset(2026, 5, 1, 7, 0, 0, TimeSpan.Zero))), Is.EqualTo(new[] { "d0" }));
            Assert.That(await IdsAsync(C("remind_at", FilterOperator.Gt, new DateTimeOffset(2026, 5, 1, 8, 30, 0, TimeSpan.FromHours(2)))), Is.EqualTo(new[] { "d0", "d1" }));
            Assert.That((await Driver.FindOneAsync(Definition, "d0"))!["remind_at"], Is.EqualTo(instants[0]));
        });
    }

    [Test]
    public async Task Dates_times_and_booleans_filter_by_value()
    {
        var a = TestModel.Row("a");
        a["due_date"] = new DateOnly(2026, 1, 9);
        a["start_time"] = new TimeOnly(9, 0);
        a["done"] = true;
        var b = TestModel.Row("b");
        b["due_date"] = new DateOnly(2026, 1, 10);
        b["start_time"] = new TimeOnly(10, 30);
        b["done"] = false;
        await InsertAsync(a, b);
        Assert.Multiple(async () =>
        {
            Assert.That(await IdsAsync(C("due_date", FilterOperator.Lt, new DateOnly(2026, 1, 10))), Is.EqualTo(new[] { "a" }));
            Assert.That(await IdsAsync(C("start_time", FilterOperator.Between, new object[] { new TimeOnly(10, 0), new TimeOnly(11, 0) })), Is.EqualTo(new[] { "b" }));
            Assert.That(await IdsAsync(C("done", FilterOperator.Eq, true)), Is.EqualTo(new[] { "a" }));
            Assert.That(await IdsAsync(C("done", FilterOperator.Ne, true)), Is.EqualTo(new[] { "b" }));
        });
    }

    [Test]
    public async Task Projection_returns_the_asked_fields_and_the_id()
    {
        await InsertAsync(TestModel.Row("a", "t", 1, "open"));
        var rows = await Driver.FindAsync(Definition, new Query { Fields = ["title", "status"] });
        Assert.That(rows[0].Fields.OrderBy(f => f, StringComparer.Ordinal), Is.EqualTo(new[] { "id", "status", "title" }));
    }

    [Test]
    public async Task Count_aggregate_and_distinct_agree_with_the_rows()
    {
        await Driver.InsertAsync(Definition,
        [
            TestModel.Row("a", priority: 1, status: "open"), TestModel.Row("b", priority: 3, status: "open"),
            TestModel.Row("c", priority: 5, status: "done"), TestModel.Row("d", priority: null, status: null),
        ]);
        var groups = await Driver.AggregateAsync(Definition, new Query
        {
            GroupBy = ["status"],
            Aggregations =
            [
                new Aggregation(AggregateFunction.Count, null, "n"), new Aggregation(AggregateFunction.Sum, "priority", "sum"),
                new Aggregation(AggregateFunction.Avg, "priority", "avg"), new Aggregation(AggregateFunction.Min, "priority", "min"),
                new Aggregation(AggregateFunction.Max, "priority", "max"), new Aggregation(AggregateFunction.Count, "priority", "counted"),
            ],
        });
        Assert.Multiple(async () =>
        {
            Assert.That(await Driver.CountAsync(Definition, C("status", FilterOperator.Eq, "open")), Is.EqualTo(2));
            Assert.That(groups.Select(g => g["status"]), Is.EqualTo(new object?[] { null, "done", "open" }));
            Assert.That(groups.Select(g => g["n"]), Is.EqualTo(new object[] { 1L, 1L, 2L }));
            Assert.That(groups[2]["sum"], Is.EqualTo(4.0));
            Assert.That(groups[2]["avg"], Is.EqualTo(2.0));
            Assert.That(groups[2]["min"], Is.EqualTo(1.0));
            Assert.That(groups[2]["max"], Is.EqualTo(3.0));
            Assert.That(groups[0]["sum"], Is.Null);
            Assert.That(groups[0]["counted"], Is.EqualTo(0L));
            Assert.That(await Driver.DistinctAsync(Definition, "status", null), Is.EqualTo(new object[] { "done", "open" }));
            Assert.That(await Driver.DistinctAsync(Definition, "priority", C("status", FilterOperator.Eq, "open")), Is.EqualTo(new object[] { 1.0, 3.0 }));
        });
    }

    [Test]
    public async Task An_unknown_field_name_in_a_query_is_invalid_request_naming_it()
    {
        await SeedTitlesAsync("a");
        const string Hostile = "title\" = 'a' OR \"1\"=\"1";
        var error = Assert.ThrowsAsync<ObjectQLException>(() => Driver.FindAsync(Definition, new Query { Where = C(Hostile, FilterOperator.Eq, "x") }));
        Assert.Multiple(() =>
        {
            Assert.That(error!.Code, Is.EqualTo(ErrorCodes.InvalidRequest));
            Assert.That(error.Field, Is.EqualTo(Hostile));
        });
    }
}
