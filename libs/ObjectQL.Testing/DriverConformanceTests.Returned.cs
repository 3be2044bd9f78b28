using NUnit.Framework;
using ObjectQL.Metadata;

namespace ObjectQL.Testing;

/// <summary>What a create hands back, explicit nulls as keys, and unknown objects.</summary>
public abstract partial class DriverConformanceTests
{
    /// <summary>The record CreateAsync returns has every given field with its canonical type, and every system field.</summary>
    [Test]
    public async Task Create_returns_the_record_as_stored_with_types_and_system_fields()
    {
        var created = await Db.ForUser("maker").Object(TestModels.AllTypes.Name).CreateAsync(R(
            ("f_text", "hello"), ("f_number", 1.5), ("f_boolean", true), ("f_date", "2026-03-01"), ("f_datetime", "2026-03-01T10:00:00+02:00"),
            ("f_time", "08:15"), ("f_currency", 12.25m), ("f_tags", new[] { "a", "b" }), ("f_select", "red"), ("f_textarea", null)));
        Assert.Multiple(() =>
        {
            Assert.That(created.Id, Is.Not.Null.And.Not.Empty);
            Assert.That(created["f_text"], Is.EqualTo("hello"));
            Assert.That(created["f_number"], Is.TypeOf<double>().And.EqualTo(1.5));
            Assert.That(created["f_boolean"], Is.EqualTo(true));
            Assert.That(created["f_date"], Is.EqualTo(new DateOnly(2026, 3, 1)));
            Assert.That(created["f_datetime"], Is.TypeOf<DateTimeOffset>().And.EqualTo(new DateTimeOffset(2026, 3, 1, 8, 0, 0, TimeSpan.Zero)));
            Assert.That(created["f_time"], Is.EqualTo(new TimeOnly(8, 15)));
            Assert.That(created["f_currency"], Is.TypeOf<decimal>().And.EqualTo(12.25m));
            Assert.That(created["f_tags"], Is.EqualTo(new[] { "a", "b" }));
            Assert.That(created["f_select"], Is.EqualTo("red"));
            Assert.That(created.Contains("f_textarea") && created["f_textarea"] is null, Is.True, "an explicit null is a key");
            Assert.That(created[SystemFields.CreatedAt], Is.EqualTo(Start));
            Assert.That(created[SystemFields.UpdatedAt], Is.EqualTo(Start));
            Assert.That(created[SystemFields.CreatedBy], Is.EqualTo("maker"));
            Assert.That(created[SystemFields.UpdatedBy], Is.EqualTo("maker"));
            Assert.That(created[SystemFields.Version], Is.TypeOf<long>().And.EqualTo(1L));
        });
    }

    /// <summary>An explicit null is present as a key, in the created record and in the record read back.</summary>
    [Test]
    public async Task Explicit_null_is_present_as_a_key()
    {
        var created = await Users.CreateAsync(R(("name", "Ann"), ("department", null)));
        var stored = await Users.FindOneAsync(created.Id!);
        Assert.Multiple(() =>
        {
            Assert.That(created.Contains("department"), Is.True, "created");
            Assert.That(created["department"], Is.Null);
            Assert.That(stored!.Contains("department"), Is.True, "stored");
            Assert.That(stored["department"], Is.Null);
        });
        var updated = await Users.UpdateAsync(created.Id!, R(("department", null), ("age", 3.0)));
        Assert.That(updated.Contains("department") && updated["department"] is null, Is.True, "updated");
    }

    /// <summary>An unknown object name is NOT_FOUND naming it, on the database and on a user's session.</summary>
    [Test]
    public void Unknown_object_name_is_not_found()
    {
        foreach (var open in new Func<IObjectRepository>[] { () => Db.Object("tck_nothing"), () => Db.ForUser("u").Object("tck_nothing") })
        {
            var failure = Assert.Throws<ObjectQLException>(() => open());
            Assert.That(failure!.Code, Is.EqualTo(ErrorCodes.NotFound));
            Assert.That(failure.Message, Does.Contain("'tck_nothing'"));
        }
    }
}
