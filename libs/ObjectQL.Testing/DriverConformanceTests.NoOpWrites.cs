using NUnit.Framework;
using ObjectQL.Metadata;

namespace ObjectQL.Testing;

/// <summary>Compare-and-swap updates and patches that set nothing.</summary>
public abstract partial class DriverConformanceTests
{
    /// <summary>A stale expected version is CONFLICT naming the record and both versions; nothing is written.</summary>
    [Test]
    public async Task Update_with_expected_version_names_the_record_and_both_versions_on_conflict()
    {
        await SeedUsersAsync();
        var updated = await Users.UpdateAsync("u1", R(("age", 31.0), (SystemFields.Version, 1L)));
        Assert.That(updated[SystemFields.Version], Is.EqualTo(2L));
        var failure = await ThrowsAsync(ErrorCodes.Conflict, SystemFields.Version, () => Users.UpdateAsync("u1", R(("age", 99.0), (SystemFields.Version, 1L))));
        Assert.That(failure.Message, Does.Contain("'u1'").And.Contain("expected version 1").And.Contain("found 2"));
        Assert.That((await Users.FindOneAsync("u1"))!["age"], Is.EqualTo(31.0));
    }

    /// <summary>An empty patch changes nothing on any update path: no new version, no updated_at, no change event.</summary>
    [Test]
    public async Task Empty_patch_changes_nothing_on_every_update_path()
    {
        await SeedUsersAsync();
        var before = await Users.FindOneAsync("u1");
        Clock.Advance(TimeSpan.FromMinutes(5));
        var changes = Capture(out var subscription);
        Record returned;
        using (subscription)
        {
            returned = await Users.UpdateAsync("u1", R());
            await Users.UpdateAsync("u1", R((SystemFields.Version, 1L)));
            Assert.That(await Users.UpdateManyAsync(W("id", Querying.FilterOperator.In, new[] { "u1", "u2" }), R()), Is.EqualTo(2));
            await Users.UpdateManyAsync([new RecordPatch("u1", R()), new RecordPatch("u3", R(("age", 36.0)))]);
            await Users.UpdateManyAsync([new RecordPatch("u2", R())]);
        }
        var after = await Users.FindOneAsync("u1");
        Assert.Multiple(() =>
        {
            Assert.That(returned[SystemFields.Version], Is.EqualTo(1L));
            Assert.That(returned[SystemFields.UpdatedAt], Is.EqualTo(Start));
            Assert.That(after![SystemFields.Version], Is.EqualTo(1L));
            Assert.That(after[SystemFields.UpdatedAt], Is.EqualTo(before![SystemFields.UpdatedAt]));
            Assert.That(changes.Select(static c => $"{c.Operation}:{c.Id}:{c.Version}"), Is.EqualTo(new[] { "Update:u3:2" }));
        });
        await ThrowsAsync(ErrorCodes.Conflict, SystemFields.Version, () => Users.UpdateAsync("u1", R((SystemFields.Version, 7L))));
        await ThrowsAsync(ErrorCodes.NotFound, SystemFields.Id, () => Users.UpdateAsync("ghost", R()));
        await ThrowsAsync(ErrorCodes.NotFound, SystemFields.Id, () => Users.UpdateManyAsync([new RecordPatch("ghost", R())]));
    }
}
