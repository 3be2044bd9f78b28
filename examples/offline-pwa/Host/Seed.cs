using ObjectQL;
using OfflinePwa.Model;

namespace OfflinePwa.Host;

/// <summary>Creates to-dos on the server at start, so a new browser's first pull has that many changes to apply.</summary>
internal static class Seed
{
    public static async Task TodosAsync(ObjectQLDatabase database, int count)
    {
        var todos = database.System.TodoItems();
        for (var start = 0; start < count; start += 1000)
        {
            var batch = Enumerable.Range(start, Math.Min(1000, count - start))
                .Select(static i => new TodoItem { Title = $"Seeded to-do {i + 1}", Priority = (i % 3) switch { 0 => TodoItemPriority.Low, 1 => TodoItemPriority.Medium, _ => TodoItemPriority.High } })
                .ToList();
            await todos.CreateManyAsync(batch);
        }
    }
}
