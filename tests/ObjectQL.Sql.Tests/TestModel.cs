using System.Text.Json;
using ObjectQL.Metadata;

namespace ObjectQL.Sql.Tests;

/// <summary>An object with one field of every stored kind, shaped like todo_item plus the rarer types.</summary>
internal static class TestModel
{
    public static FieldDefinition Field(string name, FieldType type, bool unique = false, bool index = false, bool multiple = false, IReadOnlyList<SelectOption>? options = null, int? precision = null, int? scale = null) =>
        new() { Name = name, Label = name, Type = type, Unique = unique, Index = index, Multiple = multiple, Options = options ?? [], Precision = precision, Scale = scale };

    public static ObjectDefinition Task(string name = "task_item", Func<IReadOnlyList<FieldDefinition>, IReadOnlyList<FieldDefinition>>? edit = null)
    {
        IReadOnlyList<FieldDefinition> fields =
        [
            Field("title", FieldType.Text),
            Field("notes", FieldType.Textarea),
            Field("status", FieldType.Select, options: [new() { Value = "open", Label = "Open" }, new() { Value = "done", Label = "Done" }]),
            Field("rating", FieldType.Select, options: [new() { Value = 1.0, Label = "One" }, new() { Value = 2.0, Label = "Two" }]),
            Field("priority", FieldType.Number),
            Field("done", FieldType.Boolean),
            Field("due_date", FieldType.Date),
            Field("remind_at", FieldType.DateTime),
            Field("start_time", FieldType.Time),
            Field("budget", FieldType.Currency, precision: 18, scale: 4),
            Field("code", FieldType.Text, unique: true),
            Field("owner", FieldType.Lookup, index: true),
            Field("tags", FieldType.Text, multiple: true),
            Field("meta", FieldType.Object),
            Field("embedding", FieldType.Vector),
            new FieldDefinition { Name = "score", Label = "Score", Type = FieldType.Formula, Expression = "priority * 2" },
        ];
        return new ObjectDefinition
        {
            Name = name,
            Label = name,
            Fields = edit is null ? fields : edit(fields),
            Indexes = [new IndexDefinition { Name = "done_priority", Fields = ["done", "priority"] }],
        };
    }

    public static Record Row(string id, string? title = null, double? priority = null, string? status = null, long version = 1)
    {
        var now = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        return new Record
        {
            ["id"] = id,
            ["title"] = title,
            ["priority"] = priority,
            ["status"] = status,
            ["created_at"] = now,
            ["updated_at"] = now,
            ["created_by"] = "tester",
            ["updated_by"] = "tester",
            ["_version"] = version,
        };
    }

    public static JsonElement Json(string text)
    {
        using var document = JsonDocument.Parse(text);
        return document.RootElement.Clone();
    }
}
