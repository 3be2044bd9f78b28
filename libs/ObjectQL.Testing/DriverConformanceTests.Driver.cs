using NUnit.Framework;
using ObjectQL.Drivers;
using ObjectQL.Metadata;
using ObjectQL.Querying;

namespace ObjectQL.Testing;

public abstract partial class DriverConformanceTests
{
    private static Record Stored(string id, string title, long version = 1) =>
        R(("id", id), ("title", title), ("body", null), ("rank", null), (SystemFields.CreatedAt, Start), (SystemFields.UpdatedAt, Start),
          (SystemFields.CreatedBy, null), (SystemFields.UpdatedBy, null), (SystemFields.Version, version));

    /// <summary>Records are copied in and out: changing a returned record never changes the store.</summary>
    [Test]
    public async Task Driver_copies_records_in_and_out()
    {
        var input = Stored("k1", "original");
        await Driver.InsertAsync(TestModels.Note, [input]);
        input["title"] = "changed after insert";
        var read = await Driver.FindOneAsync(TestModels.Note, "k1");
        Assert.That(read!["title"], Is.EqualTo("original"));
        read["title"] = "changed after read";
        Assert.That((await Driver.FindOneAsync(TestModels.Note, "k1"))!["title"], Is.EqualTo("original"));
    }

    /// <summary>Update with a wrong expected version writes nothing and reports false.</summary>
    [Test]
    public async Task Driver_update_with_wrong_expected_version_writes_nothing()
    {
        await Driver.InsertAsync(TestModels.Note, [Stored("k1", "v1")]);
        var results = await Driver.UpdateAsync(TestModels.Note,
        [
            new RecordChange("k1", R(("title", "stale"), (SystemFields.Version, 2L)), ExpectedVersion: 5),
            new RecordChange("missing", R(("title", "x")), ExpectedVersion: null),
        ]);
        Assert.That(results, Is.EqualTo(new[] { false, false }));
        Assert.That((await Driver.FindOneAsync(TestModels.Note, "k1"))!["title"], Is.EqualTo("v1"));
        var ok = await Driver.UpdateAsync(TestModels.Note, [new RecordChange("k1", R(("title", "v2"), (SystemFields.Version, 2L)), ExpectedVersion: 1)]);
        Assert.That(ok, Is.EqualTo(new[] { true }));
        var stored = await Driver.FindOneAsync(TestModels.Note, "k1");
        Assert.That(stored!["title"], Is.EqualTo("v2"));
        Assert.That(stored[SystemFields.CreatedAt], Is.EqualTo(Start), "fields absent from the change are kept");
    }

    /// <summary>Delete reports per id whether a record was deleted.</summary>
    [Test]
    public async Task Driver_delete_reports_per_id()
    {
        await Driver.InsertAsync(TestModels.Note, [Stored("k1", "a"), Stored("k2", "b")]);
        Assert.That(await Driver.DeleteAsync(TestModels.Note, ["k2", "nope"]), Is.EqualTo(new[] { true, false }));
        Assert.That(SortedIds(await Driver.FindAsync(TestModels.Note, Query.All)), Is.EqualTo(new[] { "k1" }));
    }

    /// <summary>A batch insert with a duplicate inserts nothing.</summary>
    [Test]
    public async Task Driver_insert_batch_with_duplicate_inserts_nothing()
    {
        await Driver.InsertAsync(TestModels.Note, [Stored("k1", "a")]);
        var failure = await CatchAsync(() => Driver.InsertAsync(TestModels.Note, [Stored("k2", "b"), Stored("k1", "c")]));
        Assert.That(failure.Code, Is.EqualTo(ErrorCodes.Conflict));
        Assert.That(SortedIds(await Driver.FindAsync(TestModels.Note, Query.All)), Is.EqualTo(new[] { "k1" }));
    }

    /// <summary>A unique field is enforced by the store itself.</summary>
    [Test]
    public async Task Driver_enforces_unique_fields()
    {
        var user = R(("id", "x1"), ("name", "A"), ("email", "same@example.com"), (SystemFields.Version, 1L));
        await Driver.InsertAsync(TestModels.User, [user]);
        var failure = await CatchAsync(() => Driver.InsertAsync(TestModels.User, [R(("id", "x2"), ("name", "B"), ("email", "same@example.com"), (SystemFields.Version, 1L))]));
        Assert.That(failure.Code, Is.EqualTo(ErrorCodes.Conflict));
        Assert.That(await Driver.CountAsync(TestModels.User, null), Is.EqualTo(1));
    }

    /// <summary>The same operators give the same answers when the driver is called directly with normalized filters.</summary>
    [TestCaseSource(nameof(OperatorCases))]
    public async Task Driver_find_matches_exactly_the_documented_records(Filter where, string[] expected)
    {
        await SeedUsersAsync();
        var normalized = QueryNormalizer.NormalizeFilter(where, TestModels.User);
        var rows = await Driver.FindAsync(TestModels.User, new Query { Where = normalized });
        Assert.That(SortedIds(rows), Is.EqualTo(expected));
        Assert.That(await Driver.CountAsync(TestModels.User, normalized), Is.EqualTo(expected.Length));
    }
}
