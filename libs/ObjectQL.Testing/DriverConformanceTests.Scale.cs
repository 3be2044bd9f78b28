using NUnit.Framework;
using ObjectQL.Metadata;
using ObjectQL.Querying;

namespace ObjectQL.Testing;

public abstract partial class DriverConformanceTests
{
    /// <summary>System fields can be filtered and sorted like declared ones.</summary>
    [Test]
    public async Task System_fields_can_be_filtered_and_sorted()
    {
        await SeedUsersAsync();
        Clock.Advance(TimeSpan.FromMinutes(1));
        await Db.ForUser("editor").Object(TestModels.User.Name).UpdateAsync("u3", R(("age", 36.0)));
        Assert.That(await UserIdsAsync(W(SystemFields.Version, FilterOperator.Gt, 1L)), Is.EqualTo(new[] { "u3" }));
        Assert.That(await UserIdsAsync(W(SystemFields.UpdatedAt, FilterOperator.Gt, Start)), Is.EqualTo(new[] { "u3" }));
        Assert.That(await UserIdsAsync(W(SystemFields.UpdatedBy, FilterOperator.Eq, "editor")), Is.EqualTo(new[] { "u3" }));
        Assert.That(await UserIdsAsync(W(SystemFields.CreatedBy, FilterOperator.Null, true)), Is.EqualTo(new[] { "u1", "u2", "u3", "u4" }));
        var rows = await Users.FindAsync(new Query { OrderBy = [new SortSpec(SystemFields.UpdatedAt, SortDirection.Descending)], Limit = 2 });
        Assert.That(Ids(rows), Is.EqualTo(new[] { "u3", "u1" }));
        Assert.That(await UserIdsAsync(W(SystemFields.Id, FilterOperator.StartsWith, "u")), Is.EqualTo(new[] { "u1", "u2", "u3", "u4" }));
    }

    /// <summary>A large batch and a long <c>$in</c> list work (SQL drivers must respect parameter limits).</summary>
    [Test]
    public async Task Large_batches_and_long_in_lists_work()
    {
        var records = Enumerable.Range(0, 1500).Select(i => R(("id", $"b{i:0000}"), ("title", $"t{i}"), ("rank", (double)i))).ToArray();
        await Notes.CreateManyAsync(records);
        Assert.That(await Notes.CountAsync(), Is.EqualTo(1500));
        var wanted = Enumerable.Range(0, 1500).Where(static i => i % 3 == 0).Select(static i => (object?)$"b{i:0000}").ToArray();
        Assert.That(await Notes.CountAsync(W("id", FilterOperator.In, wanted)), Is.EqualTo(500));
        Assert.That(await Notes.CountAsync(W("id", FilterOperator.Nin, wanted)), Is.EqualTo(1000));
        Assert.That(await Notes.UpdateManyAsync(W("rank", FilterOperator.Gte, 1000.0), R(("body", "late"))), Is.EqualTo(500));
        Assert.That(await Notes.DeleteManyAsync(W("id", FilterOperator.In, wanted)), Is.EqualTo(500));
        Assert.That(await Notes.CountAsync(W("body", FilterOperator.Eq, "late")), Is.EqualTo(334));
    }

    /// <summary>Long text survives unchanged and is searchable.</summary>
    [Test]
    public async Task Long_text_round_trips_and_is_searchable()
    {
        var text = string.Concat(Enumerable.Range(0, 20_000).Select(static i => (char)('a' + (i % 26)))) + "needle😀";
        await Notes.CreateAsync(R(("id", "long"), ("body", text)));
        Assert.That((await Notes.FindOneAsync("long"))!["body"], Is.EqualTo(text));
        Assert.That(await Notes.CountAsync(W("body", FilterOperator.EndsWith, "needle😀")), Is.EqualTo(1));
        Assert.That(await Notes.CountAsync(W("body", FilterOperator.Contains, "zab")), Is.EqualTo(1));
    }
}
