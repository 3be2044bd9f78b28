using Consumer.Model;
using ObjectQL.Drivers.Memory;
using ObjectQL.Querying;

namespace ObjectQL.Consumer.Tests;

/// <summary>The typed include over generated entities: each todo with its owner as a <see cref="User"/>, and reference integrity on typed writes.</summary>
public class TypedIncludeTests
{
    private ObjectQLDatabase _db = null!;

    [SetUp]
    public async Task Open() => _db = await ObjectQLDatabase.OpenAsync(new MemoryDriver(), AppModel.Objects);

    [TearDown]
    public async Task Close() => await _db.DisposeAsync();

    [Test]
    public async Task Each_todo_comes_with_its_owner_as_a_user()
    {
        var ada = await _db.Users().CreateAsync(new User { Name = "Ada", Email = "ada@example.com" });
        var bob = await _db.Users().CreateAsync(new User { Name = "Bob", Email = "bob@example.com" });
        await _db.TodoItems().CreateManyAsync(
        [
            new TodoItem { Title = "a", Owner = ada.Id! },
            new TodoItem { Title = "b", Owner = bob.Id! },
            new TodoItem { Title = "c", Owner = ada.Id! },
        ]);

        var db = _db;
        // Shown in docs/relationships.md ("Typed reads").
        // doc:begin
        var rows = await db.TodoItems().FindAsync(new Query { OrderBy = [TodoItem.Fields.Title.Asc()] }, TodoItem.Fields.Owner, db.Users());
        foreach (var (todo, owner, _) in rows)
        {
            Console.WriteLine($"{todo.Title}: {owner?.Name}");   // owner is a User; todo.Owner still holds the id
        }
        // doc:end

        Assert.That(rows.Select(static r => (r.Entity.Title, r.Related?.Name)), Is.EqualTo(new[] { ("a", "Ada"), ("b", "Bob"), ("c", "Ada") }));
        Assert.That(rows[0].Entity.Owner, Is.EqualTo(ada.Id), "the reference property keeps the id");
    }

    [Test]
    public async Task A_typed_create_naming_no_user_is_refused_naming_the_field()
    {
        var error = Assert.ThrowsAsync<ObjectQLException>(() => _db.TodoItems().CreateAsync(new TodoItem { Title = "x", Owner = "nobody" }))!;
        Assert.That((error.Code, error.Details.Single().Field), Is.EqualTo((ErrorCodes.ValidationError, "owner")));
        Assert.That(await _db.TodoItems().CountAsync(), Is.Zero);
    }

    [Test]
    public async Task Including_through_a_field_that_refers_elsewhere_is_refused()
    {
        var error = Assert.ThrowsAsync<ObjectQLException>(() => _db.TodoItems().FindAsync(Query.All, TodoItem.Fields.Project, _db.Users()))!;
        Assert.That(error.Code, Is.EqualTo(ErrorCodes.InvalidRequest));
    }
}
