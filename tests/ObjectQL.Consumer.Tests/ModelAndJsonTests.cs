using System.Text.Json;
using Consumer.Model;
using ObjectQL.Metadata;

namespace ObjectQL.Consumer.Tests;

/// <summary>The model registry holds every definition as data; entities and patches round-trip through JSON without reflection.</summary>
public class ModelAndJsonTests
{
    [Test]
    public void AppModel_holds_every_object_with_its_metadata()
    {
        Assert.That(AppModel.Objects.Objects.Select(o => o.Name), Is.EqualTo(new[] { "catalog_item", "invoice", "invoice_line", "project", "todo_item", "user" }));
        var todo = AppModel.Objects.Get("todo_item");
        Assert.Multiple(() =>
        {
            Assert.That(todo.Label, Is.EqualTo("Todo Item"));
            Assert.That(todo.GetField("title").Validation!.MaxLength, Is.EqualTo(200));
            Assert.That(todo.GetField("owner").ReferenceTo, Is.EqualTo("user"));
            Assert.That(todo.GetField("priority").Options.Select(o => o.Value), Is.EqualTo(new object[] { "low", "medium", "high" }));
            Assert.That(todo.Indexes.Single().Fields, Is.EqualTo(new[] { "owner", "done" }));
            Assert.That(todo.Sync, Is.EqualTo(new SyncSettings { Enabled = true, Strategy = SyncStrategy.Crdt, DebounceMs = 500, BatchSize = 100 }).Using<SyncSettings>((a, b) =>
                a.Enabled == b.Enabled && a.Strategy == b.Strategy && a.DebounceMs == b.DebounceMs && a.BatchSize == b.BatchSize && a.Direction == b.Direction));
        });
    }

    [Test]
    public void Permission_files_are_compiled_into_the_definition()
    {
        var permissions = AppModel.Objects.Get("todo_item").Permissions!;
        Assert.Multiple(() =>
        {
            Assert.That(permissions.Roles, Is.EqualTo(new[] { "admin", "member", "guest" }));
            Assert.That(permissions.ObjectPermissions.Delete, Is.EqualTo(new[] { "admin" }));
            Assert.That(permissions.FieldPermissions.Single().Update, Is.EqualTo(new[] { "admin" }));
            var rule = permissions.RecordRules.Single();
            Assert.That((rule.Condition.Field, rule.Condition.Operator, rule.Condition.Value), Is.EqualTo(("owner", "=", (object?)"$current_user.id")));
        });
        Assert.That(AppModel.Objects.Get("project").Permissions, Is.Null);
    }

    [Test]
    public void Validation_rules_are_compiled_into_the_definition()
    {
        var rules = AppModel.Objects.Get("project").ValidationRules;
        Assert.That(rules.Select(r => r.Type), Is.EqualTo(new[] { ValidationRuleType.CrossField, ValidationRuleType.StateMachine }));
        Assert.That(rules[1].Transitions["active"], Is.EqualTo(new[] { "on_hold", "done" }));
        Assert.That(rules[0].Condition!.CompareTo, Is.EqualTo("starts_on"));
    }

    [Test]
    public void Entity_round_trips_through_the_generated_json_context()
    {
        var item = new TodoItem
        {
            Id = "t1", Version = 7, CreatedAt = new DateTimeOffset(2026, 11, 26, 8, 0, 0, TimeSpan.Zero), Title = "Ship \"it\"",
            Priority = TodoItemPriority.High, DueDate = new DateOnly(2026, 12, 24), EstimateHours = 0.25, Owner = "u1", Project = null,
        };
        var json = JsonSerializer.Serialize(item, AppModelJsonContext.Default.TodoItemInfo);
        Assert.That(json, Does.Contain("\"priority\":\"high\"").And.Contain("\"due_date\":\"2026-12-24\"").And.Contain("\"_version\":7"));
        var back = JsonSerializer.Deserialize(json, AppModelJsonContext.Default.TodoItemInfo)!;
        Assert.That(back.ToRecord(), Is.EquivalentTo(item.ToRecord()));
    }

    [Test]
    public void Patch_round_trips_and_keeps_only_set_fields()
    {
        var patch = new TodoItemPatch { Done = true, Notes = null };
        var json = JsonSerializer.Serialize(patch, AppModelJsonContext.Default.TodoItemPatchInfo);
        Assert.That(json, Is.EqualTo("{\"notes\":null,\"done\":true}"));
        var back = JsonSerializer.Deserialize(json, AppModelJsonContext.Default.TodoItemPatchInfo)!;
        Assert.That(back.SetFields, Is.EqualTo(new[] { "notes", "done" }));
    }

    [Test]
    public void Json_context_resolves_types_for_options_based_serialization()
    {
        var options = new JsonSerializerOptions { TypeInfoResolver = AppModelJsonContext.Default };
        var info = (System.Text.Json.Serialization.Metadata.JsonTypeInfo<User>)options.GetTypeInfo(typeof(User));
        var json = JsonSerializer.Serialize(new User { Name = "Ada", Email = "a@x", Role = UserRole.Admin }, info);
        var user = JsonSerializer.Deserialize(json, info)!;
        Assert.That((user.Name, user.Role), Is.EqualTo(("Ada", (UserRole?)UserRole.Admin)));
    }

    [Test]
    public void Json_with_an_unknown_field_or_wrong_type_is_rejected()
    {
        Assert.Throws<JsonException>(() => JsonSerializer.Deserialize("{\"colour\":\"red\"}", AppModelJsonContext.Default.TodoItemInfo));
        Assert.Throws<JsonException>(() => JsonSerializer.Deserialize("{\"done\":\"yes\"}", AppModelJsonContext.Default.TodoItemPatchInfo));
    }

    [Test]
    public void Json_reads_a_select_as_the_pipeline_stores_it()
    {
        var item = JsonSerializer.Deserialize("{\"rating\":2,\"colors\":[\"red\"]}", AppModelJsonContext.Default.CatalogItemInfo)!;
        Assert.That((item.Rating, item.Colors), Is.EqualTo((CatalogItemRating.Value2, new[] { CatalogItemColors.Red })));
        // A select of text options takes strings and one of numbers takes numbers, as the pipeline converts them.
        var textGivenNumber = Assert.Throws<JsonException>(() => JsonSerializer.Deserialize("{\"status\":1}", AppModelJsonContext.Default.ProjectPatchInfo))!;
        Assert.That(textGivenNumber.Message, Does.Contain("'status'"));
        var numberGivenText = Assert.Throws<JsonException>(() => JsonSerializer.Deserialize("{\"rating\":\"2\"}", AppModelJsonContext.Default.CatalogItemInfo))!;
        Assert.That(numberGivenText.Message, Does.Contain("'rating'"));
    }
}
