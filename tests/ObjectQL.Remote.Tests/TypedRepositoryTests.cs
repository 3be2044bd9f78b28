using ObjectQL.Remote.Tests.Server;
using Remote.Model;

namespace ObjectQL.Remote.Tests;

/// <summary>Generated repositories over a remote session: every call goes over HTTP to a live server and its pipeline.</summary>
public sealed class TypedRepositoryTests : ServedDatabaseTests
{
    [Test]
    public async Task Create_get_find_update_and_delete_go_through_the_servers_pipeline()
    {
        var todos = Served.Session(ServedDatabase.Alice).TodoItems();

        var created = await todos.CreateAsync(new TodoItem { Title = "Buy milk", Owner = "alice", Priority = TodoItemPriority.High, DueDate = new DateOnly(2026, 12, 24) });
        Assert.That(created.Id, Is.Not.Null.And.Not.Empty, "the server's pipeline gives the id");
        Assert.That((created.Version, created.CreatedBy, created.Done, created.Priority), Is.EqualTo((1L, "alice", (bool?)false, (TodoItemPriority?)TodoItemPriority.High)));

        var read = await todos.FindOneAsync(created.Id!);
        Assert.That((read!.Title, read.DueDate, read.CreatedAt), Is.EqualTo(("Buy milk", (DateOnly?)new DateOnly(2026, 12, 24), created.CreatedAt)));

        await todos.CreateAsync(new TodoItem { Title = "Walk", Owner = "alice", Priority = TodoItemPriority.Low });
        var high = await todos.FindAsync(TodoItem.Fields.Priority.Eq(TodoItemPriority.High), orderBy: TodoItem.Fields.DueDate.Asc());
        Assert.That(high.Select(static t => t.Title), Is.EqualTo(new[] { "Buy milk" }));
        Assert.That(await todos.CountAsync(), Is.EqualTo(2));

        var updated = await todos.UpdateAsync(created.Id!, new TodoItemPatch { Done = true });
        Assert.That((updated.Title, updated.Done, updated.Version), Is.EqualTo(("Buy milk", (bool?)true, 2L)));

        Assert.That(await todos.DeleteAsync(created.Id!), Is.True);
        Assert.That(await todos.FindOneAsync(created.Id!), Is.Null);
        Assert.That(await todos.DeleteAsync(created.Id!), Is.False, "a second delete finds nothing");
        Assert.That(await Served.Database.Object("todo_item").CountAsync(), Is.EqualTo(1), "the server's store holds what the calls left");
    }

    [Test]
    public async Task Create_many_update_many_and_delete_many_are_one_request_each()
    {
        var todos = Served.Session(ServedDatabase.Alice).TodoItems();
        var created = await todos.CreateManyAsync(
            Enumerable.Range(1, 4).Select(i => new TodoItem { Title = $"t{i}", Owner = "alice", EstimateHours = i }));
        Assert.That(created.Select(static t => t.EstimateHours), Is.EqualTo(new double?[] { 1, 2, 3, 4 }));

        Assert.That(await todos.UpdateManyAsync(TodoItem.Fields.EstimateHours.Gt(2), new TodoItemPatch { Done = true }), Is.EqualTo(2));
        Assert.That(await todos.CountAsync(TodoItem.Fields.Done.Eq(true)), Is.EqualTo(2));
        Assert.That(await todos.DeleteByIdsAsync([created[0].Id!, created[0].Id!, "missing"]), Is.EqualTo(1), "missing ids are skipped, twice counts once");
        Assert.That(await todos.DeleteManyAsync(TodoItem.Fields.Done.Eq(true)), Is.EqualTo(2));
        Assert.That((await todos.FindAsync()).Select(static t => t.Title), Is.EqualTo(new[] { "t2" }));
    }

    [Test]
    public async Task Compare_and_swap_with_a_stale_version_is_a_conflict_and_changes_nothing()
    {
        var todos = Served.Session(ServedDatabase.Alice).TodoItems();
        var created = await todos.CreateAsync(new TodoItem { Title = "v1", Owner = "alice" });
        await todos.UpdateAsync(created.Id!, new TodoItemPatch { Title = "v2" }, expectedVersion: 1);

        var error = Assert.ThrowsAsync<ObjectQLException>(() => todos.UpdateAsync(created.Id!, new TodoItemPatch { Title = "v3" }, expectedVersion: 1));
        Assert.That(error!.Code, Is.EqualTo(ErrorCodes.Conflict));
        Assert.That((await todos.FindOneAsync(created.Id!))!.Title, Is.EqualTo("v2"));
    }

    [Test]
    public async Task Validation_errors_come_back_with_their_code_and_field_and_nothing_is_written()
    {
        var todos = Served.Session(ServedDatabase.Alice).TodoItems();
        var error = Assert.ThrowsAsync<ObjectQLException>(() => todos.CreateAsync(new TodoItem { Title = new string('x', 201), Owner = "alice" }));
        Assert.That(error!.Code, Is.EqualTo(ErrorCodes.ValidationError));
        Assert.That(error.Details.Select(static d => d.Field), Does.Contain("title"));
        Assert.That(await Served.Database.Object("todo_item").CountAsync(), Is.Zero);
    }

    [Test]
    public async Task A_missing_record_is_null_on_get_false_on_delete_and_not_found_on_update()
    {
        var todos = Served.Session(ServedDatabase.Alice).TodoItems();
        Assert.That(await todos.FindOneAsync("no-such-id"), Is.Null);
        Assert.That(await todos.DeleteAsync("no-such-id"), Is.False);
        var error = Assert.ThrowsAsync<ObjectQLException>(() => todos.UpdateAsync("no-such-id", new TodoItemPatch { Done = true }));
        Assert.That(error!.Code, Is.EqualTo(ErrorCodes.NotFound));
    }
}
