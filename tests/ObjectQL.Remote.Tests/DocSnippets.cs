using Microsoft.Extensions.DependencyInjection;
using ObjectQL;
using ObjectQL.Querying;
using ObjectQL.Remote;
using Remote.Model;

namespace ObjectQL.Remote.Tests;

/// <summary>
/// The C# blocks of docs/remote.md, in order, as one method: they compile here against the generated model of this
/// project (<see cref="DocSnippetTests"/> holds the page to this text). Never run: the page's server is an example address.
/// </summary>
internal static class DocSnippets
{
    internal static async Task RunAsync()
    {
        using var http = new HttpClient();
        var session = new RemoteSession(http, AppModel.Objects, new RemoteSessionOptions
        {
            Endpoint = new Uri("https://api.example.com/api/data"),
            AccessToken = _ => ValueTask.FromResult(Environment.GetEnvironmentVariable("API_TOKEN")),
        });

        var todos = session.TodoItems();
        var item = await todos.CreateAsync(new TodoItem { Title = "Buy milk", Owner = "u-42", Priority = TodoItemPriority.High });
        await todos.UpdateAsync(item.Id!, new TodoItemPatch { Done = true });
        var open = await todos.FindAsync(TodoItem.Fields.Done.Eq(false), orderBy: TodoItem.Fields.DueDate.Asc(), limit: 20);


        var services = new ServiceCollection();
        services.AddObjectQLRemote(AppModel.Objects, options =>
        {
            options.Endpoint = new Uri("https://api.example.com/api/data");
            options.AccessToken = _ => ValueTask.FromResult(Environment.GetEnvironmentVariable("API_TOKEN"));
        });
        await using var provider = services.BuildServiceProvider();

        var injected = provider.GetRequiredService<IObjectQLSession>();
        var openCount = await injected.TodoItems().CountAsync(TodoItem.Fields.Done.Eq(false));


        var rows = await session.Object("todo_item").FindAsync(new Query
        {
            Where = new Filter.Comparison("done", FilterOperator.Eq, false),
            OrderBy = [new SortSpec("due_date")],
            Limit = 10,
        });

        try
        {
            await todos.UpdateAsync(item.Id!, new TodoItemPatch { Title = "Buy oat milk" }, expectedVersion: item.Version);
        }
        catch (ObjectQLException e) when (e.Code == ErrorCodes.Conflict)
        {
            var current = await todos.FindOneAsync(item.Id!);
            Console.WriteLine($"Changed meanwhile, now at version {current?.Version}.");
        }
    }
}
