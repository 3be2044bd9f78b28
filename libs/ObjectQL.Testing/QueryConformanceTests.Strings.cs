using NUnit.Framework;
using ObjectQL.Querying;

namespace ObjectQL.Testing;

public abstract partial class QueryConformanceTests
{
    private protected static readonly string[] TrickyTitles =
    [
        "O'Brien",
        "say \"hi\"",
        "back\\slash",
        "100%",
        "under_score",
        "unicode: 日本語 ✓ 😀",
        "",
        "line\nbreak\ttab",
        "' OR '1'='1",
    ];

    private protected async Task SeedTrickyNotesAsync() =>
        await Notes.CreateManyAsync(TrickyTitles.Select((t, i) => R(("id", $"s{i}"), ("title", t))).ToArray());

    /// <summary>Quotes, backslashes, wildcards, unicode, empty text and control characters survive unchanged.</summary>
    [Test]
    public async Task Tricky_strings_round_trip_unchanged()
    {
        await SeedTrickyNotesAsync();
        for (var i = 0; i < TrickyTitles.Length; i++)
        {
            Assert.That((await Notes.FindOneAsync($"s{i}"))?["title"], Is.EqualTo(TrickyTitles[i]), $"title {i}");
        }
    }

    /// <summary>Equality on tricky strings matches exactly one record each.</summary>
    [Test]
    public async Task Equality_on_tricky_strings_matches_exactly_one()
    {
        await SeedTrickyNotesAsync();
        for (var i = 0; i < TrickyTitles.Length; i++)
        {
            var rows = await Notes.FindAsync(new Query { Where = W("title", FilterOperator.Eq, TrickyTitles[i]) });
            Assert.That(Ids(rows), Is.EqualTo(new[] { $"s{i}" }), $"title {i}");
        }
    }

    /// <summary>Text operands are literal: <c>%</c>, <c>_</c>, <c>\</c> and quotes are never wildcards or escapes.</summary>
    [TestCase("%", "s3")]
    [TestCase("_", "s4")]
    [TestCase("\\", "s2")]
    [TestCase("'", "s0", "s8")]
    [TestCase("\"", "s1")]
    [TestCase("日本", "s5")]
    [TestCase("\n", "s7")]
    public async Task Contains_treats_special_characters_literally(string needle, params string[] expected)
    {
        await SeedTrickyNotesAsync();
        var rows = await Notes.FindAsync(new Query { Where = W("title", FilterOperator.Contains, needle) });
        Assert.That(SortedIds(rows), Is.EqualTo(expected));
    }

    /// <summary>startsWith/endsWith are literal too.</summary>
    [Test]
    public async Task Starts_and_ends_with_are_literal()
    {
        await SeedTrickyNotesAsync();
        Assert.That(Ids(await Notes.FindAsync(new Query { Where = W("title", FilterOperator.StartsWith, "100") })), Is.EqualTo(new[] { "s3" }));
        Assert.That(Ids(await Notes.FindAsync(new Query { Where = W("title", FilterOperator.EndsWith, "%") })), Is.EqualTo(new[] { "s3" }));
        Assert.That(Ids(await Notes.FindAsync(new Query { Where = W("title", FilterOperator.EndsWith, "😀") })), Is.EqualTo(new[] { "s5" }));
        Assert.That(await Notes.FindAsync(new Query { Where = W("title", FilterOperator.StartsWith, "_") }), Is.Empty);
    }

    /// <summary>The empty string is a value, not null; contains of the empty string matches every non-null text.</summary>
    [Test]
    public async Task Empty_string_is_not_null()
    {
        await SeedTrickyNotesAsync();
        await Notes.CreateAsync(R(("id", "none"), ("title", null)));
        Assert.That(Ids(await Notes.FindAsync(new Query { Where = W("title", FilterOperator.Eq, "") })), Is.EqualTo(new[] { "s6" }));
        Assert.That(Ids(await Notes.FindAsync(new Query { Where = W("title", FilterOperator.Null, true) })), Is.EqualTo(new[] { "none" }));
        Assert.That(await Notes.CountAsync(W("title", FilterOperator.Contains, "")), Is.EqualTo(TrickyTitles.Length));
    }
}
