using System.Text;
using NUnit.Framework;
using ObjectQL.Querying;

namespace ObjectQL.Testing;

/// <summary>Hostile input and volume: cases SQL stores are most likely to get wrong (injection, escaping, paging).</summary>
public abstract partial class DriverConformanceTests
{
    private static readonly string[] HostileFieldNames =
    [
        "title\" = '' OR 1=1 --",
        "title; DROP TABLE tck_note; --",
        "\"",
        "`title`",
        "[title]",
        "TITLE",
    ];

    // Code point order, the documented text order (docs/querying.md).
    private static int CodePointCompare(string a, string b)
    {
        var left = a.EnumerateRunes().GetEnumerator();
        var right = b.EnumerateRunes().GetEnumerator();
        while (true)
        {
            var hasLeft = left.MoveNext();
            var hasRight = right.MoveNext();
            if (!hasLeft || !hasRight)
            {
                return hasLeft.CompareTo(hasRight);
            }
            var order = left.Current.Value.CompareTo(right.Current.Value);
            if (order != 0)
            {
                return order;
            }
        }
    }

    /// <summary>Quotes, wildcards, backslashes and SQL fragments in operands are literal in every text operator, with ordinal answers.</summary>
    [Test]
    public async Task Hostile_strings_are_literal_in_every_text_operator()
    {
        await SeedTrickyNotesAsync();
        await Notes.CreateAsync(R(("id", "null-title"), ("title", null)));
        var titles = TrickyTitles.Select((t, i) => (Id: $"s{i}", Title: t)).ToArray();
        string[] Expect(Func<string, bool> match, bool nullMatches = false) =>
            [.. titles.Where(x => match(x.Title)).Select(x => x.Id).Concat(nullMatches ? ["null-title"] : []).Order(StringComparer.Ordinal)];

        foreach (var hostile in TrickyTitles)
        {
            async Task<string[]> Find(FilterOperator op, object? value) =>
                SortedIds(await Notes.FindAsync(new Query { Where = W("title", op, value) }));

            await Assert.MultipleAsync(async () =>
            {
                Assert.That(await Find(FilterOperator.Eq, hostile), Is.EqualTo(Expect(t => t == hostile)), $"eq {hostile}");
                Assert.That(await Find(FilterOperator.Ne, hostile), Is.EqualTo(Expect(t => t != hostile, nullMatches: true)), $"ne {hostile}");
                Assert.That(await Find(FilterOperator.In, new object?[] { hostile, "zz-absent" }), Is.EqualTo(Expect(t => t == hostile)), $"in {hostile}");
                Assert.That(await Find(FilterOperator.Nin, new object?[] { hostile }), Is.EqualTo(Expect(t => t != hostile, nullMatches: true)), $"nin {hostile}");
                Assert.That(await Find(FilterOperator.Contains, hostile), Is.EqualTo(Expect(t => t.Contains(hostile, StringComparison.Ordinal))), $"contains {hostile}");
                Assert.That(await Find(FilterOperator.StartsWith, hostile), Is.EqualTo(Expect(t => t.StartsWith(hostile, StringComparison.Ordinal))), $"startsWith {hostile}");
                Assert.That(await Find(FilterOperator.EndsWith, hostile), Is.EqualTo(Expect(t => t.EndsWith(hostile, StringComparison.Ordinal))), $"endsWith {hostile}");
                Assert.That(await Find(FilterOperator.Gt, hostile), Is.EqualTo(Expect(t => CodePointCompare(t, hostile) > 0)), $"gt {hostile}");
                Assert.That(await Find(FilterOperator.Lte, hostile), Is.EqualTo(Expect(t => CodePointCompare(t, hostile) <= 0)), $"lte {hostile}");
                Assert.That(SortedIds(await Notes.FindAsync(new Query { Where = !W("title", FilterOperator.Contains, hostile) })),
                    Is.EqualTo(Expect(t => !t.Contains(hostile, StringComparison.Ordinal), nullMatches: true)), $"not contains {hostile}");
            });
        }
        Assert.That(await Notes.CountAsync(), Is.EqualTo(TrickyTitles.Length + 1), "nothing was changed or dropped");
    }

    /// <summary>Tricky strings sort by Unicode code point.</summary>
    [Test]
    public async Task Hostile_strings_sort_by_code_point()
    {
        await SeedTrickyNotesAsync();
        var expected = TrickyTitles.Select((t, i) => (Id: $"s{i}", Title: t)).OrderBy(x => x.Title, Comparer<string>.Create(CodePointCompare)).Select(x => x.Id);
        Assert.That(Ids(await Notes.FindAsync(new Query { OrderBy = [new SortSpec("title")] })), Is.EqualTo(expected));
    }

    /// <summary>Field names that look like SQL are unknown fields everywhere: INVALID_REQUEST naming them, nothing changed.</summary>
    [Test]
    public async Task Hostile_field_names_are_invalid_request_everywhere_and_change_nothing()
    {
        await SeedTrickyNotesAsync();
        foreach (var name in HostileFieldNames)
        {
            await ThrowsAsync(ErrorCodes.InvalidRequest, name, () => Notes.FindAsync(new Query { Where = W(name, FilterOperator.Eq, "x") }));
            await ThrowsAsync(ErrorCodes.InvalidRequest, name, () => Notes.FindAsync(new Query { OrderBy = [new SortSpec(name)] }));
            await ThrowsAsync(ErrorCodes.InvalidRequest, name, () => Notes.FindAsync(new Query { Fields = [name] }));
            await ThrowsAsync(ErrorCodes.InvalidRequest, name, () => Notes.CountAsync(W(name, FilterOperator.Contains, "x")));
            await ThrowsAsync(ErrorCodes.InvalidRequest, name, () => Notes.CreateAsync(R(("title", "t"), (name, "x"))));
        }
        Assert.That(await Notes.CountAsync(), Is.EqualTo(TrickyTitles.Length));
    }

    /// <summary>A megabyte of text round-trips and text operators still find it.</summary>
    [Test]
    public async Task Large_text_round_trips_and_matches()
    {
        var builder = new StringBuilder();
        while (builder.Length < 1_000_000)
        {
            builder.Append("0123456789 abcdef ü 😀 '\"%_\\ ");
        }
        var body = builder.Append("THE END").ToString();
        await Notes.CreateAsync(R(("id", "big"), ("title", "big"), ("body", body)));
        Assert.That((await Notes.FindOneAsync("big"))!["body"], Is.EqualTo(body));
        Assert.That(Ids(await Notes.FindAsync(new Query { Where = W("body", FilterOperator.EndsWith, "THE END") })), Is.EqualTo(new[] { "big" }));
        Assert.That(Ids(await Notes.FindAsync(new Query { Where = W("body", FilterOperator.Contains, "%_\\ 0123") })), Is.EqualTo(new[] { "big" }));
    }

    /// <summary>10,000 rows come back in one page and in stable slices, ties broken by id.</summary>
    [Test]
    public async Task Ten_thousand_rows_page_stably()
    {
        var records = Enumerable.Range(0, 10_000).Select(i => R(("id", $"n{i:D5}"), ("title", $"t{i % 10}"), ("rank", (double)(i % 100)))).ToArray();
        await Notes.CreateManyAsync(records);
        var all = await Notes.FindAsync(new Query { OrderBy = [new SortSpec("rank", SortDirection.Descending)], Limit = 10_000 });
        var page = await Notes.FindAsync(new Query { OrderBy = [new SortSpec("rank", SortDirection.Descending)], Offset = 5_000, Limit = 100 });
        var expected = records.OrderByDescending(r => (double)r["rank"]!).ThenBy(r => r.Id, StringComparer.Ordinal).Select(r => r.Id!).ToArray();
        await Assert.MultipleAsync(async () =>
        {
            Assert.That(await Notes.CountAsync(), Is.EqualTo(10_000));
            Assert.That(Ids(all), Is.EqualTo(expected));
            Assert.That(Ids(page), Is.EqualTo(expected.Skip(5_000).Take(100)));
        });
    }
}
