using NUnit.Framework;
using ObjectQL.Querying;

namespace ObjectQL.Testing;

public abstract partial class QueryConformanceTests
{
    /// <summary>
    /// Seeds <c>tck_order</c>: o1 pending 10.10 x1 alice, o2 completed 20.20 x2 bob, o3 completed 30.30 x3 alice,
    /// o4 completed 0.05 (no quantity) carol, o5 cancelled (no total) x5 bob (no date).
    /// </summary>
    protected async Task SeedOrdersAsync()
    {
        await Orders.CreateManyAsync(
        [
            R(("id", "o1"), ("status", "pending"), ("total", 10.10m), ("quantity", 1.0), ("customer", "alice"), ("placed_on", new DateOnly(2026, 1, 5))),
            R(("id", "o2"), ("status", "completed"), ("total", 20.20m), ("quantity", 2.0), ("customer", "bob"), ("placed_on", new DateOnly(2026, 1, 6))),
            R(("id", "o3"), ("status", "completed"), ("total", 30.30m), ("quantity", 3.0), ("customer", "alice"), ("placed_on", new DateOnly(2026, 1, 7))),
            R(("id", "o4"), ("status", "completed"), ("total", 0.05m), ("customer", "carol"), ("placed_on", new DateOnly(2026, 1, 8))),
            R(("id", "o5"), ("status", "cancelled"), ("quantity", 5.0), ("customer", "bob")),
        ]);
    }

    /// <summary>Groups come back ordered by key, with exact decimal sums and counts as longs.</summary>
    [Test]
    public async Task Aggregate_groups_by_key_with_exact_sums()
    {
        await SeedOrdersAsync();
        var rows = await Orders.AggregateAsync(new Query
        {
            GroupBy = ["status"],
            Aggregations = [new Aggregation(AggregateFunction.Count, null, "n"), new Aggregation(AggregateFunction.Sum, "total", "revenue")],
        });
        Assert.That(rows.Select(static r => r["status"]), Is.EqualTo(new object[] { "cancelled", "completed", "pending" }));
        Assert.That(rows.Select(static r => r["n"]), Is.EqualTo(new object[] { 1L, 3L, 1L }));
        Assert.That(rows[0]["revenue"], Is.Null);
        Assert.That(rows[1]["revenue"], Is.EqualTo(50.55m));
        Assert.That(rows[1]["revenue"], Is.InstanceOf<decimal>());
        Assert.That(rows[2]["revenue"], Is.EqualTo(10.10m));
    }

    /// <summary>Avg, min, max and count of a field ignore nulls; where applies first.</summary>
    [Test]
    public async Task Aggregate_functions_ignore_nulls_and_respect_where()
    {
        await SeedOrdersAsync();
        var rows = await Orders.AggregateAsync(new Query
        {
            Where = W("status", FilterOperator.Eq, "completed"),
            Aggregations =
            [
                new Aggregation(AggregateFunction.Avg, "quantity", "avg_qty"),
                new Aggregation(AggregateFunction.Count, "quantity", "with_qty"),
                new Aggregation(AggregateFunction.Min, "placed_on", "first"),
                new Aggregation(AggregateFunction.Max, "placed_on", "last"),
                new Aggregation(AggregateFunction.Max, "total", "largest"),
            ],
        });
        Assert.That(rows, Has.Count.EqualTo(1));
        Assert.Multiple(() =>
        {
            Assert.That(rows[0]["avg_qty"], Is.EqualTo(2.5));
            Assert.That(rows[0]["with_qty"], Is.EqualTo(2L));
            Assert.That(rows[0]["first"], Is.EqualTo(new DateOnly(2026, 1, 6)));
            Assert.That(rows[0]["last"], Is.EqualTo(new DateOnly(2026, 1, 8)));
            Assert.That(rows[0]["largest"], Is.EqualTo(30.30m));
        });
    }

    /// <summary>Without groupBy, an empty match gives one row: count 0 and null for the rest.</summary>
    [Test]
    public async Task Aggregate_over_nothing_gives_one_row_of_zero_and_nulls()
    {
        var rows = await Orders.AggregateAsync(new Query
        {
            Aggregations = [new Aggregation(AggregateFunction.Count, null, "n"), new Aggregation(AggregateFunction.Sum, "total", "sum")],
        });
        Assert.That(rows, Has.Count.EqualTo(1));
        Assert.That(rows[0]["n"], Is.EqualTo(0L));
        Assert.That(rows[0]["sum"], Is.Null);
        var grouped = await Orders.AggregateAsync(new Query { GroupBy = ["status"], Aggregations = [new Aggregation(AggregateFunction.Count, null, "n")] });
        Assert.That(grouped, Is.Empty);
    }

    /// <summary>A null group key is its own group, ordered first.</summary>
    [Test]
    public async Task Aggregate_puts_the_null_group_first()
    {
        await SeedOrdersAsync();
        var rows = await Orders.AggregateAsync(new Query { GroupBy = ["placed_on"], Aggregations = [new Aggregation(AggregateFunction.Count, null, "n")] });
        Assert.That(rows[0]["placed_on"], Is.Null);
        Assert.That(rows.Select(static r => r["n"]), Is.All.EqualTo(1L));
        Assert.That(rows, Has.Count.EqualTo(5));
    }

    /// <summary>Distinct values are non-null, unique and ascending.</summary>
    [Test]
    public async Task Distinct_returns_sorted_unique_non_null_values()
    {
        await SeedUsersAsync();
        Assert.That(await Users.DistinctAsync("role"), Is.EqualTo(new object[] { "admin", "user" }));
        Assert.That(await Users.DistinctAsync("department", W("role", FilterOperator.Eq, "user")), Is.EqualTo(new object[] { "HR", "IT" }));
        Assert.That(await Users.DistinctAsync("age"), Is.EqualTo(new object[] { 25.0, 30.0, 35.0 }));
    }
}
