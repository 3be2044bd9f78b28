using Consumer.Model;
using ObjectQL.Querying;
using ObjectQL.Querying.Json;

namespace ObjectQL.Consumer.Tests;

/// <summary>Filters built from generated field descriptors and the same filters read from JSON are one AST.</summary>
public class TypedFilterAstTests
{
    [Test]
    public void Generated_descriptors_build_the_same_ast_as_the_object_form()
    {
        var typed = QueryNormalizer.NormalizeFilter(
            TodoItem.Fields.Priority.In(TodoItemPriority.High, TodoItemPriority.Medium)
            & TodoItem.Fields.DueDate.Lte(new DateOnly(2026, 12, 1))
            & !TodoItem.Fields.Done.Eq(true),
            TodoItem.Definition);
        var json = FilterJsonReader.Read(
            """{"priority":{"$in":["high","medium"]},"due_date":{"$lte":"2026-12-01"},"$not":{"done":true}}""",
            TodoItem.Definition);
        Assert.That(typed, Is.EqualTo(json));
    }

    [Test]
    public void Generated_descriptors_build_the_same_ast_as_the_legacy_array_form()
    {
        var typed = QueryNormalizer.NormalizeFilter(
            TodoItem.Fields.Title.Contains("milk") | TodoItem.Fields.EstimateHours.Between(1, 4), TodoItem.Definition);
        var json = FilterJsonReader.Read(
            """[["title","contains","milk"],"or",["estimate_hours","between",[1,4]]]""", TodoItem.Definition);
        Assert.That(typed, Is.EqualTo(json));
    }
}
