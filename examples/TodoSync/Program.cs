// The main example: typed repositories generated from Objects/*.object.yml, over an embedded SQLite file.
// Run it with: dotnet run --project examples/TodoSync [-- path/to/file.db]
using ObjectQL;
using ObjectQL.Sqlite;
using TodoSync.Model;

var path = args.Length > 0 ? args[0] : "todo.db";
// The demo starts from an empty file each run, but never deletes or overwrites a file it did not create.
if (TodoSync.DemoFile.Prepare(path) is { } refusal)
{
    Console.Error.WriteLine(refusal);
    return 2;
}

await using var db = await ObjectQLDatabase.OpenAsync(new SqliteDriver($"Data Source={path}"), AppModel.Objects);
Console.WriteLine($"Opened {Path.GetFullPath(path)} with {AppModel.Objects.Objects.Count} objects.");

// Create: ids, defaults and system fields are filled in by the pipeline.
var ada = await db.Users().CreateAsync(new User { Name = "Ada", Email = "ada@example.com", Role = UserRole.Member });
var launch = await db.Projects().CreateAsync(new Project { Name = "Launch", Budget = 1200.50m });
var todos = db.TodoItems();
await todos.CreateManyAsync(
[
    new TodoItem { Title = "Write the announcement", Owner = ada.Id!, Project = launch.Id, Priority = TodoItemPriority.High, DueDate = new DateOnly(2026, 12, 1) },
    new TodoItem { Title = "Book the venue", Owner = ada.Id!, Project = launch.Id, DueDate = new DateOnly(2026, 11, 30) },
    new TodoItem { Title = "Order snacks", Owner = ada.Id!, Priority = TodoItemPriority.Low },
]);

// Query with typed field descriptors.
var open = await todos.FindAsync(TodoItem.Fields.Done.Eq(false), orderBy: TodoItem.Fields.DueDate.Asc(), limit: 20);
Console.WriteLine($"Open items: {open.Count}");
foreach (var item in open)
{
    Console.WriteLine($"  [{item.Priority}] {item.Title} (due {item.DueDate?.ToString("yyyy-MM-dd") ?? "-"})");
}

// Update: a patch carries only the fields it sets.
var venue = open.Single(t => t.Title == "Book the venue");
var done = await todos.UpdateAsync(venue.Id!, new TodoItemPatch { Done = true });
Console.WriteLine($"Done: {done.Title}, version {done.Version}");

var highOrDone = TodoItem.Fields.Priority.Eq(TodoItemPriority.High) | TodoItem.Fields.Done.Eq(true);
Console.WriteLine($"High priority or done: {await todos.CountAsync(highOrDone)}");

// Validation rejects bad data and writes nothing.
try
{
    await todos.CreateAsync(new TodoItem { Title = new string('x', 300), Owner = ada.Id! });
}
catch (ObjectQLException error)
{
    Console.WriteLine($"Rejected: {error.Code} on '{error.Field}': {error.Message}");
}

// Delete.
var snacks = (await todos.FindAsync(TodoItem.Fields.Title.Eq("Order snacks"))).Single();
Console.WriteLine($"Deleted snacks: {await todos.DeleteAsync(snacks.Id!)}");
Console.WriteLine($"Remaining items: {await todos.CountAsync()}");
return 0;
