using Consumer.Model;
using ObjectQL;
using ObjectQL.Metadata;

namespace ObjectQL.Consumer.Tests;

/// <summary>The generated entities, as a user project sees them.</summary>
public class EntityTests
{
    [Test]
    public void New_entity_has_the_yaml_defaults_and_required_text_is_empty()
    {
        var item = new TodoItem();
        Assert.Multiple(() =>
        {
            Assert.That(item.Done, Is.False);
            Assert.That(item.Priority, Is.EqualTo(TodoItemPriority.Medium));
            Assert.That(item.Title, Is.EqualTo(""));
            Assert.That(item.Notes, Is.Null);
            Assert.That(item.Version, Is.Zero);
        });
    }

    [Test]
    public void ToRecord_holds_canonical_values_by_stored_name()
    {
        var item = new TodoItem { Title = "Buy milk", Priority = TodoItemPriority.High, DueDate = new DateOnly(2026, 12, 1), EstimateHours = 1.5, Owner = "u1" };
        var record = item.ToRecord();
        Assert.Multiple(() =>
        {
            Assert.That(record["title"], Is.EqualTo("Buy milk"));
            Assert.That(record["priority"], Is.EqualTo("high"), "select fields store the option value");
            Assert.That(record["due_date"], Is.EqualTo(new DateOnly(2026, 12, 1)));
            Assert.That(record["estimate_hours"], Is.EqualTo(1.5));
            Assert.That(record["done"], Is.EqualTo(false));
            Assert.That(record.Contains("id"), Is.False, "an unsaved entity sends no id");
            Assert.That(record.Contains("_version"), Is.False);
        });
    }

    [Test]
    public void FromRecord_reads_system_and_declared_fields_and_ignores_undeclared_ones()
    {
        var at = new DateTimeOffset(2026, 11, 26, 9, 0, 0, TimeSpan.FromHours(1));
        var record = new Record
        {
            ["id"] = "t1", ["_version"] = 3L, ["created_at"] = at, ["title"] = "x", ["priority"] = "low", ["owner"] = "u1",
            ["done"] = true, ["estimate_hours"] = 2, ["column_added_later"] = 5,
        };
        var item = TodoItem.FromRecord(record);
        Assert.Multiple(() =>
        {
            Assert.That(item.Id, Is.EqualTo("t1"));
            Assert.That(item.Version, Is.EqualTo(3));
            Assert.That(item.CreatedAt, Is.EqualTo(at));
            Assert.That(item.Priority, Is.EqualTo(TodoItemPriority.Low));
            Assert.That(item.Done, Is.True);
            Assert.That(item.EstimateHours, Is.EqualTo(2.0), "an int is accepted for a number field");
        });
    }

    [Test]
    public void TryGetField_reads_by_stored_name_without_reflection()
    {
        var item = new TodoItem { Priority = TodoItemPriority.High, Id = "t9" };
        Assert.That(item.TryGetField("priority", out var priority), Is.True);
        Assert.That(priority, Is.EqualTo("high"));
        Assert.That(item.TryGetField("id", out var id) && (string?)id == "t9", Is.True);
        Assert.That(item.TryGetField("nope", out var none), Is.False);
        Assert.That(none, Is.Null);
    }

    [Test]
    public void SetField_with_a_wrong_type_throws_invalid_request_naming_the_field_and_changes_nothing()
    {
        var item = new TodoItem { EstimateHours = 4 };
        var error = Assert.Throws<ObjectQLException>(() => item.SetField("estimate_hours", "four"))!;
        Assert.That(error.Code, Is.EqualTo(ErrorCodes.InvalidRequest));
        Assert.That(error.Field, Is.EqualTo("estimate_hours"));
        Assert.That(item.EstimateHours, Is.EqualTo(4));
    }

    [Test]
    public void SetField_rejects_unknown_fields_unknown_options_and_null_for_required_fields()
    {
        var item = new TodoItem();
        Assert.That(Assert.Throws<ObjectQLException>(() => item.SetField("colour", "red"))!.Field, Is.EqualTo("colour"));
        Assert.That(Assert.Throws<ObjectQLException>(() => item.SetField("priority", "urgent"))!.Field, Is.EqualTo("priority"));
        Assert.That(Assert.Throws<ObjectQLException>(() => item.SetField("title", null))!.Field, Is.EqualTo("title"));
        item.SetField("notes", null);
        Assert.That(item.Notes, Is.Null);
    }

    [Test]
    public void Select_enums_keep_option_values()
    {
        Assert.That(TodoItemPriorityOptions.ToValue(TodoItemPriority.Medium), Is.EqualTo("medium"));
        Assert.That(TodoItemPriorityOptions.FromValue("high", "priority"), Is.EqualTo(TodoItemPriority.High));
        Assert.That(ProjectStatusOptions.ToValue(ProjectStatus.OnHold), Is.EqualTo("on_hold"));
    }

    [Test]
    public void Entities_implement_the_runtime_contract()
    {
        IEntity entity = new User { Name = "Ada", Email = "ada@example.com" };
        Assert.That(entity.ToRecord()["role"], Is.EqualTo("member"));
        Assert.That(User.Definition.Name, Is.EqualTo("user"));
        Assert.That(GetDefinition<User>().Sync!.Direction, Is.EqualTo(SyncDirection.PullOnly));
    }

    private static ObjectDefinition GetDefinition<T>() where T : class, IEntity<T> => T.Definition;
}
