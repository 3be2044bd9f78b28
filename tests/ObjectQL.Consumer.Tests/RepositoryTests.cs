using Consumer.Model;
using ObjectQL.Drivers.Memory;

namespace ObjectQL.Consumer.Tests;

/// <summary>The generated repositories and session extensions over the real pipeline and the memory driver.</summary>
public class RepositoryTests
{
    private ObjectQLDatabase _db = null!;

    [SetUp]
    public async Task Open() => _db = await ObjectQLDatabase.OpenAsync(new MemoryDriver(), AppModel.Objects);

    [TearDown]
    public async Task Close() => await _db.DisposeAsync();

    private async Task<User> Ada() => await _db.Users().CreateAsync(new User { Name = "Ada", Email = "ada@example.com" });

    [Test]
    public async Task Create_fills_id_defaults_and_version_and_reads_back_typed()
    {
        var owner = await Ada();
        var created = await _db.TodoItems().CreateAsync(new TodoItem { Title = "Buy milk", Owner = owner.Id!, Priority = TodoItemPriority.High });
        Assert.That(created.Id, Is.Not.Null.And.Not.Empty);
        Assert.That(created.Version, Is.GreaterThan(0));
        var read = await _db.TodoItems().FindOneAsync(created.Id!);
        Assert.That((read!.Title, read.Priority, read.Done), Is.EqualTo(("Buy milk", (TodoItemPriority?)TodoItemPriority.High, (bool?)false)));
        Assert.That(owner.Role, Is.EqualTo(UserRole.Member), "the select default comes back as the enum member");
    }

    [Test]
    public async Task Patch_updates_only_the_fields_it_sets()
    {
        var owner = await Ada();
        var todos = _db.TodoItems();
        var created = await todos.CreateAsync(new TodoItem { Title = "Keep me", Owner = owner.Id!, EstimateHours = 2 });
        var updated = await todos.UpdateAsync(created.Id!, new TodoItemPatch { Done = true });
        Assert.That((updated.Title, updated.Done, updated.EstimateHours), Is.EqualTo(("Keep me", (bool?)true, (double?)2)));
        Assert.That(updated.Version, Is.GreaterThan(created.Version));
    }

    [Test]
    public async Task Field_descriptors_filter_and_sort_through_the_pipeline()
    {
        var owner = await Ada();
        var todos = _db.TodoItems();
        await todos.CreateManyAsync(
        [
            new TodoItem { Title = "b", Owner = owner.Id!, Priority = TodoItemPriority.High, DueDate = new DateOnly(2026, 12, 2) },
            new TodoItem { Title = "a", Owner = owner.Id!, Priority = TodoItemPriority.High, DueDate = new DateOnly(2026, 12, 1) },
            new TodoItem { Title = "c", Owner = owner.Id!, Priority = TodoItemPriority.Low },
        ]);
        var high = await todos.FindAsync(TodoItem.Fields.Priority.Eq(TodoItemPriority.High), orderBy: TodoItem.Fields.DueDate.Asc());
        Assert.That(high.Select(t => t.Title), Is.EqualTo(new[] { "a", "b" }));
        Assert.That(await todos.CountAsync(TodoItem.Fields.Priority.Ne(TodoItemPriority.High)), Is.EqualTo(1));
    }

    [Test]
    public async Task Validation_from_the_yaml_rejects_bad_data_and_writes_nothing()
    {
        var owner = await Ada();
        var todos = _db.TodoItems();
        var error = Assert.ThrowsAsync<ObjectQLException>(() => todos.CreateAsync(new TodoItem { Title = new string('x', 201), Owner = owner.Id! }))!;
        Assert.That((error.Code, error.Field), Is.EqualTo((ErrorCodes.ValidationError, "title")));
        Assert.That(await todos.CountAsync(), Is.Zero);
    }

    [Test]
    public async Task Delete_removes_the_entity()
    {
        var owner = await Ada();
        var project = await _db.Projects().CreateAsync(new Project { Name = "Launch", Budget = 10.5m });
        Assert.That((await _db.Projects().FindOneAsync(project.Id!))!.Budget, Is.EqualTo(10.5m));
        Assert.That(await _db.Projects().DeleteAsync(project.Id!), Is.True);
        Assert.That(await _db.Projects().FindOneAsync(project.Id!), Is.Null);
        Assert.That(owner.Id, Is.Not.Null);
    }
}
