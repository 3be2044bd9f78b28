using ObjectQL;
using ObjectQL.Metadata;

namespace ObjectQL.Sql.Benchmarks;

/// <summary>A todo_item row as the raw, Dapper and EF Core forms read it.</summary>
public sealed class TodoRow
{
    public string Id { get; set; } = "";
    public string Title { get; set; } = "";
    public string Status { get; set; } = "";
    public double Priority { get; set; }
    public bool Done { get; set; }
    public DateOnly DueDate { get; set; }
    public string? Notes { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public string CreatedBy { get; set; } = "";
    public string UpdatedBy { get; set; } = "";
    public long Version { get; set; }
}

/// <summary>The todo_item object, its 10,000 seed rows, and the values every form writes.</summary>
public static class Todo
{
    public const int Rows = 10_000;
    public static readonly string[] Statuses = ["open", "done", "blocked"];
    public static readonly DateTimeOffset Now = new(2026, 11, 1, 12, 0, 0, TimeSpan.Zero);

    /// <summary>The generated definition (Objects/todo_item.object.yml), so every form works on the same table.</summary>
    public static ObjectDefinition Definition => Model.TodoItem.Definition;

    public const string Columns = "\"id\", \"title\", \"status\", \"priority\", \"done\", \"due_date\", \"notes\", \"created_at\", \"updated_at\", \"created_by\", \"updated_by\", \"_version\"";

    public static string Id(int i) => $"todo-{i:D6}";

    public static TodoRow Row(string id, int i) => new()
    {
        Id = id,
        Title = $"Task number {i}",
        Status = Statuses[i % 3],
        Priority = i % 10,
        Done = i % 2 == 0,
        DueDate = new DateOnly(2026, 1, 1).AddDays(i % 365),
        Notes = i % 4 == 0 ? null : "Some notes about the task",
        CreatedAt = Now,
        UpdatedAt = Now,
        CreatedBy = "bench",
        UpdatedBy = "bench",
        Version = 1,
    };

    public static Model.TodoItem Entity(TodoRow row) => new()
    {
        Id = row.Id,
        Title = row.Title,
        Status = row.Status switch { "open" => Model.TodoItemStatus.Open, "done" => Model.TodoItemStatus.Done, _ => Model.TodoItemStatus.Blocked },
        Priority = row.Priority,
        Done = row.Done,
        DueDate = row.DueDate,
        Notes = row.Notes,
        CreatedAt = row.CreatedAt,
        UpdatedAt = row.UpdatedAt,
        CreatedBy = row.CreatedBy,
        UpdatedBy = row.UpdatedBy,
        Version = row.Version,
    };

    public static Record Record(TodoRow row) => new(12)
    {
        ["id"] = row.Id,
        ["title"] = row.Title,
        ["status"] = row.Status,
        ["priority"] = row.Priority,
        ["done"] = row.Done,
        ["due_date"] = row.DueDate,
        ["notes"] = row.Notes,
        ["created_at"] = row.CreatedAt,
        ["updated_at"] = row.UpdatedAt,
        ["created_by"] = row.CreatedBy,
        ["updated_by"] = row.UpdatedBy,
        ["_version"] = row.Version,
    };
}
