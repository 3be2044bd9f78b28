using NUnit.Framework;
using ObjectQL.Metadata;
using ObjectQL.Querying;

namespace ObjectQL.Testing;

public abstract partial class DriverConformanceTests
{
    private static RecordPatch P(string id, params (string Field, object? Value)[] fields) => new(id, R(fields));

    // Every field of a stored user except its id and (unique) email, so records of different ids can be compared.
    private static Dictionary<string, object?> WithoutId(Record record) =>
        record.Where(static kv => kv.Key is not (SystemFields.Id or "email")).ToDictionary(static kv => kv.Key, static kv => kv.Value);

    /// <summary>A batched update stores and returns what one update per record would.</summary>
    [Test]
    public async Task Batched_update_gives_the_same_records_as_one_update_per_record()
    {
        await SeedUsersAsync();
        await Users.CreateManyAsync(
        [
            R(("id", "v1"), ("name", "Alice"), ("email", "alice2@example.com"), ("role", "admin"), ("age", 30.0), ("active", true), ("department", "IT"), ("tags", new[] { "a", "lead" })),
            R(("id", "v2"), ("name", "Bob"), ("email", "bob2@example.com"), ("role", "user"), ("age", 25.0), ("active", true), ("department", "HR"), ("tags", new[] { "b" })),
        ]);
        Clock.Advance(TimeSpan.FromMinutes(5));
        var single = new[]
        {
            await Users.UpdateAsync("u1", R(("age", 31.0), ("tags", new[] { "x" }), ("department", null))),
            await Users.UpdateAsync("u2", R(("name", "Robert"), ("email", "robert@example.com"), (SystemFields.Version, 1L))),
        };
        var count = await Users.UpdateManyAsync(
        [
            P("v1", ("age", 31.0), ("tags", new[] { "x" }), ("department", null)),
            P("v2", ("name", "Robert"), ("email", "robert2@example.com"), (SystemFields.Version, 1L)),
        ]);
        Assert.That(count, Is.EqualTo(2L));
        var batched = await Users.FindAsync(new Query { Where = Where("id", FilterOperator.In, new[] { "v1", "v2" }), OrderBy = [new SortSpec("id")] });
        Assert.That(Ids(batched), Is.EqualTo(new[] { "v1", "v2" }));
        Assert.That(batched.Select(WithoutId), Is.EqualTo(single.Select(WithoutId)));
        var stored = await Users.FindAsync(new Query { Where = Where("id", FilterOperator.In, new[] { "u1", "u2", "v1", "v2" }), OrderBy = [new SortSpec("id")] });
        Assert.That(stored[3]["email"], Is.EqualTo("robert2@example.com"));
        Assert.That(stored.Skip(2).Select(WithoutId), Is.EqualTo(stored.Take(2).Select(WithoutId)));
        Assert.That(stored[2][SystemFields.Version], Is.EqualTo(2L));
        Assert.That(stored[2][SystemFields.UpdatedAt], Is.EqualTo(Start.AddMinutes(5)));
    }

    /// <summary>One record failing validation rolls the whole batch back.</summary>
    [Test]
    public async Task Batched_update_with_one_invalid_record_changes_none()
    {
        await SeedUsersAsync();
        await ThrowsAsync(ErrorCodes.ValidationError, "name", () => Users.UpdateManyAsync(
        [
            P("u1", ("department", "Ops")),
            P("u2", ("name", "")),
            P("u3", ("department", "Ops")),
        ]));
        Assert.That(await UserIdsAsync(Where("department", FilterOperator.Eq, "Ops")), Is.Empty);
        Assert.That((await Users.FindOneAsync("u1"))![SystemFields.Version], Is.EqualTo(1L));
    }

    /// <summary>A unique value given to two records of one batch is refused, and nothing is written.</summary>
    [Test]
    public async Task Batched_update_giving_two_records_one_unique_value_changes_none()
    {
        await SeedUsersAsync();
        await AssertUniqueConflictAsync("email", () => Users.UpdateManyAsync([P("u1", ("email", "same@example.com")), P("u2", ("email", "same@example.com"))]));
        Assert.That((await Users.FindOneAsync("u1"))!["email"], Is.EqualTo("alice@example.com"));
        Assert.That((await Users.FindOneAsync("u2"))!["email"], Is.EqualTo("bob@example.com"));
    }

    /// <summary>A stale <c>_version</c> on any record is CONFLICT for the batch.</summary>
    [Test]
    public async Task Batched_update_with_a_stale_version_returns_conflict_and_changes_none()
    {
        await SeedUsersAsync();
        await Users.UpdateAsync("u2", R(("age", 26.0)));
        await ThrowsAsync(ErrorCodes.Conflict, SystemFields.Version, () => Users.UpdateManyAsync(
        [
            P("u1", ("age", 40.0), (SystemFields.Version, 1L)),
            P("u2", ("age", 40.0), (SystemFields.Version, 1L)),
        ]));
        Assert.That(await UserIdsAsync(Where("age", FilterOperator.Eq, 40.0)), Is.Empty);
        Assert.That((await Users.FindOneAsync("u2"))![SystemFields.Version], Is.EqualTo(2L));
    }

    /// <summary>An unknown id is NOT_FOUND naming it, and nothing is written.</summary>
    [Test]
    public async Task Batched_update_with_an_unknown_id_returns_not_found_and_changes_none()
    {
        await SeedUsersAsync();
        var failure = await ThrowsAsync(ErrorCodes.NotFound, SystemFields.Id, () => Users.UpdateManyAsync([P("u1", ("age", 40.0)), P("ghost", ("age", 40.0))]));
        Assert.That(failure.Message, Does.Contain("'ghost'"));
        Assert.That((await Users.FindOneAsync("u1"))!["age"], Is.EqualTo(30.0));
    }

    /// <summary>
    /// With nothing that needs the stored records (tck_note has no hook, rule, unique field or change handler here), a
    /// batched update reads none: the store increments each version from its stored value, and an unknown id is still
    /// NOT_FOUND naming it, with nothing written.
    /// </summary>
    [Test]
    public async Task Read_free_batched_update_increments_stored_versions_and_refuses_unknown_ids()
    {
        await Notes.CreateManyAsync([R(("id", "r1"), ("title", "a")), R(("id", "r2"), ("title", "b"))]);
        Clock.Advance(TimeSpan.FromMinutes(1));
        Assert.That(await Notes.UpdateManyAsync([new RecordPatch("r1", R(("title", "a2"))), new RecordPatch("r2", R(("rank", 2.0)))]), Is.EqualTo(2L));
        Assert.That(await Notes.UpdateManyAsync([new RecordPatch("r1", R(("title", "a3")))]), Is.EqualTo(1L));
        var failure = await ThrowsAsync(ErrorCodes.NotFound, SystemFields.Id,
            () => Notes.UpdateManyAsync([new RecordPatch("r2", R(("title", "lost"))), new RecordPatch("ghost", R(("title", "lost")))]));
        Assert.That(failure.Message, Does.Contain("'ghost'"));
        var r1 = (await Notes.FindOneAsync("r1"))!;
        var r2 = (await Notes.FindOneAsync("r2"))!;
        Assert.That((r1["title"], r1[SystemFields.Version], r1[SystemFields.UpdatedAt]), Is.EqualTo(("a3", (object)3L, (object)Start.AddMinutes(1))));
        Assert.That((r2["title"], r2["rank"], r2[SystemFields.Version]), Is.EqualTo(("b", (object)2.0, (object)2L)), "the failed batch changed nothing");
        Assert.That(await Notes.CountAsync(Where("id", FilterOperator.Eq, "ghost")), Is.Zero);
    }

    /// <summary>A batched update emits exactly one change per record, after commit, with both images.</summary>
    [Test]
    public async Task Batched_update_emits_one_change_per_record()
    {
        await SeedUsersAsync();
        var changes = Capture(out var subscription);
        using (subscription)
        {
            await Db.ForUser("writer").Object(TestModels.User.Name).UpdateManyAsync([P("u3", ("age", 36.0)), P("u1", ("age", 31.0))]);
        }
        Assert.That(changes.Select(static c => $"{c.Operation}:{c.Id}:{c.Version}"), Is.EqualTo(new[] { "Update:u3:2", "Update:u1:2" }));
        Assert.That(changes.Select(static c => c.UserId), Is.All.EqualTo("writer"));
        Assert.That(changes[1].PreviousData!["age"], Is.EqualTo(30.0));
        Assert.That(changes[1].Data!["age"], Is.EqualTo(31.0));
        Assert.That(changes[1].Data!["name"], Is.EqualTo("Alice"), "the change carries the full new image");
    }

    /// <summary>A batch larger than one load query still updates every record.</summary>
    [Test]
    public async Task Batched_update_of_many_records_updates_every_one()
    {
        var rows = Enumerable.Range(0, 1500).Select(static i => R(("id", $"n{i:0000}"), ("title", "old"), ("rank", (double)i))).ToArray();
        await Notes.CreateManyAsync(rows);
        var updated = await Notes.UpdateManyAsync(rows.Select(static r => new RecordPatch(r.Id!, R(("title", $"new {r["rank"]}")))).ToArray());
        Assert.That(updated, Is.EqualTo(1500L));
        Assert.That((await Notes.FindOneAsync("n1234"))![SystemFields.Version], Is.EqualTo(2L));
        Assert.That(await Notes.CountAsync(Where("title", FilterOperator.Eq, "old")), Is.EqualTo(0));
        Assert.That((await Notes.FindOneAsync("n1234"))!["title"], Is.EqualTo("new 1234"));
    }

    /// <summary>Deleting by ids deletes the listed records in one call, skipping missing ids, with one change each.</summary>
    [Test]
    public async Task Delete_by_ids_deletes_the_listed_records_and_skips_missing_ones()
    {
        await SeedUsersAsync();
        var changes = Capture(out var subscription);
        using (subscription)
        {
            Assert.That(await Users.DeleteByIdsAsync(["u3", "ghost", "u1", "u3"]), Is.EqualTo(2));
        }
        Assert.That(await UserIdsAsync(null), Is.EqualTo(new[] { "u2", "u4" }));
        Assert.That(changes.Select(static c => $"{c.Operation}:{c.Id}:{c.Version}"), Is.EqualTo(new[] { "Delete:u3:2", "Delete:u1:2" }));
        Assert.That(await Users.DeleteByIdsAsync(["ghost"]), Is.EqualTo(0));
    }

    /// <summary>A hook rejecting one record of a delete by ids keeps every record.</summary>
    [Test]
    public async Task Delete_by_ids_rejected_for_one_record_deletes_none()
    {
        await SeedUsersAsync();
        using (Db.Hooks.Before(HookOperation.Delete, TestModels.User.Name, (c, _) =>
            c.Id == "u2" ? throw ObjectQLException.InvalidRequest("kept", SystemFields.Id, "rejected") : ValueTask.CompletedTask))
        {
            await ThrowsAsync(ErrorCodes.InvalidRequest, SystemFields.Id, () => Users.DeleteByIdsAsync(["u1", "u2"]));
        }
        Assert.That(await UserIdsAsync(null), Is.EqualTo(new[] { "u1", "u2", "u3", "u4" }));
    }
}
