using NUnit.Framework;
using ObjectQL.Metadata;
using ObjectQL.Querying;

namespace ObjectQL.Testing;

public abstract partial class DriverConformanceTests
{
    /// <summary>Create generates a UUIDv7 id and echoes the fields.</summary>
    [Test]
    public async Task Create_without_id_assigns_a_uuid_v7_and_echoes_fields()
    {
        var created = await Users.CreateAsync(R(("name", "Ann"), ("age", 41.0)));
        Assert.That(created.Id, Does.Match("^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$"));
        var stored = await Users.FindOneAsync(created.Id!);
        Assert.That(stored, Is.Not.Null);
        Assert.That(stored!["name"], Is.EqualTo("Ann"));
        Assert.That(stored["age"], Is.EqualTo(41.0));
    }

    /// <summary>A caller-given id is kept.</summary>
    [Test]
    public async Task Create_with_custom_id_keeps_it()
    {
        var created = await Users.CreateAsync(R(("id", "custom-1"), ("name", "Ann")));
        Assert.That(created.Id, Is.EqualTo("custom-1"));
        Assert.That((await Users.FindOneAsync("custom-1"))?["name"], Is.EqualTo("Ann"));
    }

    /// <summary>System fields come from the clock and the context.</summary>
    [Test]
    public async Task Create_stamps_system_fields_from_clock_and_user()
    {
        var created = await Db.ForUser("user-7").Object(TestModels.User.Name).CreateAsync(R(("name", "Ann")));
        var stored = await Users.FindOneAsync(created.Id!);
        Assert.Multiple(() =>
        {
            Assert.That(stored![SystemFields.CreatedAt], Is.EqualTo(Start));
            Assert.That(stored[SystemFields.UpdatedAt], Is.EqualTo(Start));
            Assert.That(stored[SystemFields.CreatedBy], Is.EqualTo("user-7"));
            Assert.That(stored[SystemFields.UpdatedBy], Is.EqualTo("user-7"));
            Assert.That(stored[SystemFields.Version], Is.EqualTo(1L));
        });
    }

    /// <summary>A duplicate id is a conflict and changes nothing.</summary>
    [Test]
    public async Task Create_with_duplicate_id_is_a_conflict_and_keeps_the_first()
    {
        await Users.CreateAsync(R(("id", "dup"), ("name", "First")));
        await ThrowsAsync(ErrorCodes.Conflict, null, () => Users.CreateAsync(R(("id", "dup"), ("name", "Second"))));
        Assert.That((await Users.FindOneAsync("dup"))?["name"], Is.EqualTo("First"));
        Assert.That(await Users.CountAsync(), Is.EqualTo(1));
    }

    /// <summary>findOne of a missing id is null.</summary>
    [Test]
    public async Task FindOne_of_missing_id_returns_null()
    {
        await SeedUsersAsync();
        Assert.That(await Users.FindOneAsync("nope"), Is.Null);
    }

    /// <summary>Update merges, keeps created_at, refreshes updated_at and bumps _version.</summary>
    [Test]
    public async Task Update_merges_fields_keeps_created_at_and_bumps_version()
    {
        await SeedUsersAsync();
        Clock.Advance(TimeSpan.FromMinutes(5));
        var updated = await Db.ForUser("editor").Object(TestModels.User.Name).UpdateAsync("u2", R(("age", 26.0)));
        var stored = await Users.FindOneAsync("u2");
        Assert.Multiple(() =>
        {
            Assert.That(updated["age"], Is.EqualTo(26.0));
            Assert.That(stored!["age"], Is.EqualTo(26.0));
            Assert.That(stored["name"], Is.EqualTo("Bob"));
            Assert.That(stored["role"], Is.EqualTo("user"));
            Assert.That(stored[SystemFields.CreatedAt], Is.EqualTo(Start));
            Assert.That(stored[SystemFields.UpdatedAt], Is.EqualTo(Start.AddMinutes(5)));
            Assert.That(stored[SystemFields.UpdatedBy], Is.EqualTo("editor"));
            Assert.That(stored[SystemFields.Version], Is.EqualTo(2L));
        });
    }

    /// <summary>Setting a field to null stores null.</summary>
    [Test]
    public async Task Update_to_null_clears_the_field()
    {
        await SeedUsersAsync();
        await Users.UpdateAsync("u1", R(("department", null)));
        var stored = await Users.FindOneAsync("u1");
        Assert.That(stored!["department"], Is.Null);
        Assert.That(await UserIdsAsync(Where("department", FilterOperator.Null, true)), Is.EqualTo(new[] { "u1" }));
    }

    /// <summary>Updating a missing record is NOT_FOUND.</summary>
    [Test]
    public async Task Update_of_missing_record_is_not_found()
    {
        await ThrowsAsync(ErrorCodes.NotFound, null, () => Users.UpdateAsync("missing", R(("name", "X"))));
    }

    /// <summary>An update based on an old version is a conflict.</summary>
    [Test]
    public async Task Update_with_stale_version_is_a_conflict()
    {
        await SeedUsersAsync();
        await Users.UpdateAsync("u1", R(("age", 31.0), (SystemFields.Version, 1L)));
        await ThrowsAsync(ErrorCodes.Conflict, SystemFields.Version, () => Users.UpdateAsync("u1", R(("age", 99.0), (SystemFields.Version, 1L))));
        Assert.That((await Users.FindOneAsync("u1"))!["age"], Is.EqualTo(31.0));
    }

    /// <summary>Delete returns true, then the record is gone; deleting again returns false.</summary>
    [Test]
    public async Task Delete_removes_the_record_and_a_second_delete_returns_false()
    {
        await SeedUsersAsync();
        Assert.That(await Users.DeleteAsync("u3"), Is.True);
        Assert.That(await Users.FindOneAsync("u3"), Is.Null);
        Assert.That(await Users.DeleteAsync("u3"), Is.False);
        Assert.That(await Users.CountAsync(), Is.EqualTo(3));
    }

    /// <summary>An explicit null round-trips as null and the field is present.</summary>
    [Test]
    public async Task Explicit_null_round_trips()
    {
        var created = await Users.CreateAsync(R(("name", "Ann"), ("department", null)));
        var stored = await Users.FindOneAsync(created.Id!);
        Assert.That(stored!["department"], Is.Null);
    }

    /// <summary>Count with and without a filter.</summary>
    [Test]
    public async Task Count_counts_all_or_matching_records()
    {
        await SeedUsersAsync();
        Assert.That(await Users.CountAsync(), Is.EqualTo(4));
        Assert.That(await Users.CountAsync(Where("role", FilterOperator.Eq, "user")), Is.EqualTo(2));
    }

    /// <summary>Projection returns the listed fields and the id.</summary>
    [Test]
    public async Task Find_with_fields_returns_only_those_fields_and_id()
    {
        await SeedUsersAsync();
        var rows = await Users.FindAsync(new Query { Fields = ["name"], Where = Where("id", FilterOperator.Eq, "u1") });
        Assert.That(rows, Has.Count.EqualTo(1));
        Assert.That(rows[0].Fields.Order(StringComparer.Ordinal), Is.EqualTo(new[] { "id", "name" }));
        Assert.That(rows[0]["name"], Is.EqualTo("Alice"));
    }
}
