using Consumer.Model;
using ObjectQL.Querying;

namespace ObjectQL.Consumer.Tests;

/// <summary>Patches carry only what was set; field descriptors build filters with canonical values.</summary>
public class PatchAndFieldTests
{
    [Test]
    public void Patch_records_only_the_fields_it_sets_in_declaration_order()
    {
        var patch = new TodoItemPatch { Priority = TodoItemPriority.Low, Done = true };
        Assert.That(patch.SetFields, Is.EqualTo(new[] { "done", "priority" }));
        Assert.That(patch.IsSet("done") && !patch.IsSet("title"), Is.True);
        var record = patch.ToRecord();
        Assert.That(record.Fields, Is.EquivalentTo(new[] { "done", "priority" }));
        Assert.That(record["priority"], Is.EqualTo("low"));
    }

    [Test]
    public void Setting_null_is_a_change_that_the_patch_carries()
    {
        var patch = new TodoItemPatch { DueDate = null };
        Assert.That(patch.ToRecord().Contains("due_date"), Is.True);
        Assert.That(patch.ToRecord()["due_date"], Is.Null);
    }

    [Test]
    public void ApplyTo_copies_only_set_fields()
    {
        var item = new TodoItem { Title = "keep", Done = false };
        new TodoItemPatch { Done = true }.ApplyTo(item);
        Assert.That((item.Title, item.Done), Is.EqualTo(("keep", (bool?)true)));
    }

    [Test]
    public void Patch_from_record_converts_and_validates()
    {
        var patch = TodoItemPatch.FromRecord(new Record { ["estimate_hours"] = 3L, ["priority"] = "high" });
        Assert.That((patch.EstimateHours, patch.Priority), Is.EqualTo(((double?)3.0, (TodoItemPriority?)TodoItemPriority.High)));
        Assert.Throws<ObjectQLException>(() => TodoItemPatch.FromRecord(new Record { ["done"] = "yes" }));
    }

    [Test]
    public void Field_descriptors_build_filters_with_option_values()
    {
        var filter = (Filter.Comparison)TodoItem.Fields.Priority.Eq(TodoItemPriority.High);
        Assert.That((filter.Field, filter.Operator, filter.Value), Is.EqualTo(("priority", FilterOperator.Eq, (object?)"high")));
        var sort = TodoItem.Fields.DueDate.Asc();
        Assert.That((sort.Field, sort.Direction), Is.EqualTo(("due_date", SortDirection.Ascending)));
        Assert.That(TodoItem.Fields.Done.Definition!.DefaultValue, Is.EqualTo(false));
        var inFilter = (Filter.Comparison)TodoItem.Fields.Priority.In(TodoItemPriority.Low, TodoItemPriority.High);
        Assert.That(inFilter.Value, Is.EqualTo(new object?[] { "low", "high" }));
    }
}
