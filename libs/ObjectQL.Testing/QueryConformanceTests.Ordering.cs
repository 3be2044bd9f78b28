using NUnit.Framework;
using ObjectQL.Querying;

namespace ObjectQL.Testing;

public abstract partial class QueryConformanceTests
{
    /// <summary>Ascending puts nulls first.</summary>
    [Test]
    public async Task Order_ascending_puts_nulls_first()
    {
        await SeedUsersAsync();
        var rows = await Users.FindAsync(new Query { OrderBy = [new SortSpec("age")] });
        Assert.That(Ids(rows), Is.EqualTo(new[] { "u4", "u2", "u1", "u3" }));
    }

    /// <summary>Descending puts nulls last.</summary>
    [Test]
    public async Task Order_descending_puts_nulls_last()
    {
        await SeedUsersAsync();
        var rows = await Users.FindAsync(new Query { OrderBy = [new SortSpec("age", SortDirection.Descending)] });
        Assert.That(Ids(rows), Is.EqualTo(new[] { "u3", "u1", "u2", "u4" }));
    }

    /// <summary>Ties are broken by id ascending, in both directions.</summary>
    [Test]
    public async Task Order_breaks_ties_by_id_ascending()
    {
        await SeedUsersAsync();
        var ascending = await Users.FindAsync(new Query { OrderBy = [new SortSpec("department")] });
        var descending = await Users.FindAsync(new Query { OrderBy = [new SortSpec("department", SortDirection.Descending)] });
        Assert.That(Ids(ascending), Is.EqualTo(new[] { "u2", "u4", "u1", "u3" }));
        Assert.That(Ids(descending), Is.EqualTo(new[] { "u1", "u3", "u2", "u4" }));
    }

    /// <summary>Several sort keys apply in turn.</summary>
    [Test]
    public async Task Order_by_several_keys_applies_them_in_turn()
    {
        await SeedUsersAsync();
        var rows = await Users.FindAsync(new Query { OrderBy = [new SortSpec("department"), new SortSpec("age", SortDirection.Descending)] });
        Assert.That(Ids(rows), Is.EqualTo(new[] { "u2", "u4", "u3", "u1" }));
    }

    /// <summary>Without orderBy, records come back by id.</summary>
    [Test]
    public async Task Find_without_order_returns_records_by_id()
    {
        await Users.CreateManyAsync([R(("id", "c"), ("name", "C")), R(("id", "a"), ("name", "A")), R(("id", "b"), ("name", "B"))]);
        Assert.That(Ids(await Users.FindAsync(Query.All)), Is.EqualTo(new[] { "a", "b", "c" }));
    }

    /// <summary>Limit and offset page the ordered records.</summary>
    [Test]
    public async Task Limit_and_offset_page_the_ordered_records()
    {
        await SeedUsersAsync();
        var page = await Users.FindAsync(new Query { OrderBy = [new SortSpec("age")], Offset = 1, Limit = 2 });
        Assert.That(Ids(page), Is.EqualTo(new[] { "u2", "u1" }));
        Assert.That(await Users.FindAsync(new Query { Limit = 0 }), Is.Empty);
        Assert.That(await Users.FindAsync(new Query { Offset = 10 }), Is.Empty);
        var top = await Users.FindAsync(new Query { Where = W("active", FilterOperator.Eq, true), OrderBy = [new SortSpec("age", SortDirection.Descending)], Limit = 1 });
        Assert.That(Ids(top), Is.EqualTo(new[] { "u1" }));
    }

    /// <summary>Paging over many equal keys never repeats or skips a record.</summary>
    [Test]
    public async Task Paging_over_ties_is_stable_and_complete()
    {
        await Notes.CreateManyAsync(Enumerable.Range(0, 25).Select(i => R(("id", $"n{(i * 7) % 25:00}"), ("rank", (double)(i % 2)))).ToArray());
        var order = new[] { new SortSpec("rank") };
        var all = Ids(await Notes.FindAsync(new Query { OrderBy = order }));
        var paged = new List<string>();
        for (var offset = 0; offset < 25; offset += 4)
        {
            paged.AddRange(Ids(await Notes.FindAsync(new Query { OrderBy = order, Offset = offset, Limit = 4 })));
        }
        Assert.That(paged, Is.EqualTo(all));
        Assert.That(paged.Distinct().Count(), Is.EqualTo(25));
        var rankZero = all.Take(13).ToArray();
        Assert.That(rankZero, Is.Ordered.Using((IComparer<string>)StringComparer.Ordinal));
    }

    /// <summary>Text sorts by Unicode code point (UTF-8 byte order), case-sensitively.</summary>
    [Test]
    public async Task Text_orders_by_code_point()
    {
        string[] titles = ["a", "B", "é", "\uFFFD", "😀", "ab", "A", "Z"];
        await Notes.CreateManyAsync(titles.Select((t, i) => R(("id", $"t{i}"), ("title", t))).ToArray());
        var rows = await Notes.FindAsync(new Query { OrderBy = [new SortSpec("title")] });
        Assert.That(rows.Select(static r => (string)r["title"]!), Is.EqualTo(new[] { "A", "B", "Z", "a", "ab", "é", "\uFFFD", "😀" }));
    }

    /// <summary>Date-times sort and compare by instant, whatever their offset.</summary>
    [Test]
    public async Task Datetimes_order_and_compare_by_instant()
    {
        await AllTypes.CreateManyAsync(
        [
            R(("id", "d1"), ("f_datetime", new DateTimeOffset(2026, 1, 1, 10, 0, 0, TimeSpan.FromHours(2)))),
            R(("id", "d2"), ("f_datetime", new DateTimeOffset(2026, 1, 1, 9, 0, 0, TimeSpan.Zero))),
            R(("id", "d3"), ("f_datetime", new DateTimeOffset(2026, 1, 1, 3, 30, 0, TimeSpan.FromHours(-5)))),
        ]);
        var rows = await AllTypes.FindAsync(new Query { OrderBy = [new SortSpec("f_datetime")] });
        Assert.That(Ids(rows), Is.EqualTo(new[] { "d1", "d3", "d2" }));
        var same = await AllTypes.FindAsync(new Query { Where = W("f_datetime", FilterOperator.Eq, new DateTimeOffset(2026, 1, 1, 8, 0, 0, TimeSpan.Zero)) });
        Assert.That(Ids(same), Is.EqualTo(new[] { "d1" }));
        var later = await AllTypes.FindAsync(new Query { Where = W("f_datetime", FilterOperator.Gt, new DateTimeOffset(2026, 1, 1, 8, 15, 0, TimeSpan.Zero)) });
        Assert.That(SortedIds(later), Is.EqualTo(new[] { "d2", "d3" }));
    }

    /// <summary>Booleans order false before true; dates and currency order by value.</summary>
    [Test]
    public async Task Booleans_dates_and_decimals_order_by_value()
    {
        await AllTypes.CreateManyAsync(
        [
            R(("id", "x1"), ("f_boolean", true), ("f_date", new DateOnly(2026, 5, 1)), ("f_currency", 10.5m)),
            R(("id", "x2"), ("f_boolean", false), ("f_date", new DateOnly(2025, 12, 31)), ("f_currency", 9.99m)),
            R(("id", "x3"), ("f_boolean", true), ("f_date", new DateOnly(2026, 1, 15)), ("f_currency", 100m)),
        ]);
        Assert.That(Ids(await AllTypes.FindAsync(new Query { OrderBy = [new SortSpec("f_boolean")] })), Is.EqualTo(new[] { "x2", "x1", "x3" }));
        Assert.That(Ids(await AllTypes.FindAsync(new Query { OrderBy = [new SortSpec("f_date")] })), Is.EqualTo(new[] { "x2", "x3", "x1" }));
        Assert.That(Ids(await AllTypes.FindAsync(new Query { OrderBy = [new SortSpec("f_currency", SortDirection.Descending)] })), Is.EqualTo(new[] { "x3", "x1", "x2" }));
    }
}
