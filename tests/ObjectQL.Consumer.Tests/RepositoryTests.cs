using Consumer.Model;
using ObjectQL.Metadata;
using ObjectQL.Querying;

namespace ObjectQL.Consumer.Tests;

/// <summary>
/// The generated repository and session extension wire through to the untyped repository. The core runtime's
/// session is not available on this branch yet, so a small in-memory <see cref="IObjectRepository"/> stands in for it.
/// </summary>
public class RepositoryTests
{
    [Test]
    public async Task Session_extension_returns_the_typed_repository_of_the_object()
    {
        var session = new InMemorySession();
        var todos = session.TodoItems();
        Assert.That(todos.Definition.Name, Is.EqualTo("todo_item"));
        var created = await todos.CreateAsync(new TodoItem { Title = "Buy milk", Owner = "u1", Priority = TodoItemPriority.High });
        Assert.That(created.Id, Is.Not.Null);
        var updated = await todos.UpdateAsync(created.Id!, new TodoItemPatch { Done = true });
        Assert.That((updated.Title, updated.Done, updated.Priority), Is.EqualTo(("Buy milk", (bool?)true, (TodoItemPriority?)TodoItemPriority.High)));
        var stored = session.Store["todo_item"][created.Id!];
        Assert.That(stored["priority"], Is.EqualTo("high"));
        Assert.That(stored["done"], Is.EqualTo(true));
    }

    private sealed class InMemorySession : IObjectQLSession
    {
        public Dictionary<string, Dictionary<string, Record>> Store { get; } = new();

        public IObjectRepository Object(string objectName) =>
            new InMemoryRepository(AppModel.Objects.Get(objectName), Store.TryGetValue(objectName, out var rows) ? rows : Store[objectName] = new());
    }

    private sealed class InMemoryRepository(ObjectDefinition definition, Dictionary<string, Record> rows) : IObjectRepository
    {
        public ObjectDefinition Definition { get; } = definition;

        public Task<Record> CreateAsync(Record data, CancellationToken cancellationToken = default)
        {
            var stored = data.Clone();
            stored["id"] = Guid.NewGuid().ToString();
            rows[(string)stored["id"]!] = stored;
            return Task.FromResult(stored.Clone());
        }

        public Task<Record> UpdateAsync(string id, Record patch, CancellationToken cancellationToken = default)
        {
            var stored = rows[id];
            foreach (var pair in patch)
            {
                stored[pair.Key] = pair.Value;
            }
            return Task.FromResult(stored.Clone());
        }

        public Task<Record?> FindOneAsync(string id, CancellationToken cancellationToken = default) =>
            Task.FromResult(rows.TryGetValue(id, out var r) ? r.Clone() : null);

        public Task<IReadOnlyList<Record>> FindAsync(Query query, CancellationToken cancellationToken = default) => throw Unsupported();
        public Task<long> CountAsync(Filter? where = null, CancellationToken cancellationToken = default) => throw Unsupported();
        public Task<IReadOnlyList<Record>> CreateManyAsync(IReadOnlyList<Record> data, CancellationToken cancellationToken = default) => throw Unsupported();
        public Task<long> UpdateManyAsync(Filter? where, Record patch, CancellationToken cancellationToken = default) => throw Unsupported();
        public Task<bool> DeleteAsync(string id, CancellationToken cancellationToken = default) => Task.FromResult(rows.Remove(id));
        public Task<long> DeleteManyAsync(Filter? where, CancellationToken cancellationToken = default) => throw Unsupported();
        public Task<IReadOnlyList<Record>> AggregateAsync(Query query, CancellationToken cancellationToken = default) => throw Unsupported();
        public Task<IReadOnlyList<object>> DistinctAsync(string field, Filter? where = null, CancellationToken cancellationToken = default) => throw Unsupported();

        private static ObjectQLException Unsupported() => new(ErrorCodes.DriverUnsupportedOperation, "Not needed by these tests.");
    }
}
