using ObjectQL.Drivers.Memory;
using ObjectQL.Metadata;
using ObjectQL.Querying;
using ObjectQL.Testing;

namespace ObjectQL.Tests;

public sealed class PermissionTests
{
    private ObjectQLDatabase _db = null!;

    private static Record R(params (string Field, object? Value)[] fields)
    {
        var record = new Record();
        foreach (var (field, value) in fields)
        {
            record[field] = value;
        }
        return record;
    }

    [SetUp]
    public async Task SetUpAsync()
    {
        _db = await ObjectQLDatabase.OpenAsync(new MemoryDriver(), TestModels.Samples);
        await _db.System.Object("todo_item").CreateManyAsync(
        [
            R(("id", "t-ann"), ("title", "Ann's"), ("owner", "ann"), ("estimate_hours", 3.0)),
            R(("id", "t-bob"), ("title", "Bob's"), ("owner", "bob"), ("estimate_hours", 5.0)),
            R(("id", "t-gus"), ("title", "Gus's"), ("owner", "gus")),
        ]);
    }

    [TearDown]
    public async Task TearDownAsync() => await _db.DisposeAsync();

    private IObjectRepository Todos(string user, params string[] roles) => _db.ForUser(user, roles).Object("todo_item");

    private static async Task<ObjectQLException> Denied(Func<Task> action, string code = ErrorCodes.Forbidden)
    {
        var error = Assert.ThrowsAsync<ObjectQLException>(() => action())!;
        Assert.That(error.Code, Is.EqualTo(code), error.Message);
        return await Task.FromResult(error);
    }

    [Test]
    public async Task Record_rules_limit_find_and_count_to_the_users_own_records()
    {
        var ann = Todos("ann", "member");
        Assert.That((await ann.FindAsync(Query.All)).Select(static r => r.Id), Is.EqualTo(new[] { "t-ann" }));
        Assert.That(await ann.CountAsync(), Is.EqualTo(1));
        Assert.That(await ann.FindOneAsync("t-bob"), Is.Null);
        Assert.That(await ann.DistinctAsync("owner"), Is.EqualTo(new object[] { "ann" }));
    }

    [Test]
    public async Task Object_permissions_refuse_roles_not_listed()
    {
        await Denied(() => Todos("gus", "guest").CreateAsync(R(("title", "x"), ("owner", "gus"))));
        await Denied(() => Todos("ann", "member").DeleteAsync("t-ann"));
        await Denied(() => Todos("nobody").FindAsync(Query.All));
        await Denied(() => _db.WithContext(ObjectQLContext.Anonymous).Object("todo_item").CountAsync());
        Assert.That(await _db.System.Object("todo_item").CountAsync(), Is.EqualTo(3));
    }

    [Test]
    public async Task Updates_and_deletes_see_only_records_the_rules_grant()
    {
        var ann = Todos("ann", "member");
        await Denied(() => ann.UpdateAsync("t-bob", R(("title", "hijacked"))), ErrorCodes.NotFound);
        Assert.That(await ann.UpdateManyAsync(null, R(("done", true))), Is.EqualTo(1));
        var admin = Todos("ann", "admin");
        Assert.That(await admin.DeleteManyAsync(null), Is.EqualTo(1));
        Assert.That(await admin.DeleteAsync("t-bob"), Is.False);
        var all = await _db.System.Object("todo_item").FindAsync(Query.All);
        Assert.That(all.Select(static r => r.Id), Is.EqualTo(new[] { "t-bob", "t-gus" }));
        Assert.That(all[0]["title"], Is.EqualTo("Bob's"));
    }

    [Test]
    public async Task Record_rules_are_checked_against_the_stored_record_not_the_payload()
    {
        var ann = Todos("ann", "member");
        await Denied(() => ann.UpdateAsync("t-bob", R(("owner", "ann"), ("title", "mine now"))), ErrorCodes.NotFound);
        Assert.That((await _db.System.Object("todo_item").FindOneAsync("t-bob"))!["owner"], Is.EqualTo("bob"));
    }

    [Test]
    public async Task Readable_but_not_updatable_records_are_forbidden_not_hidden()
    {
        var definition = WithRules([
            new RecordRule { Name = "read_all", Condition = new Condition { Field = "title", Operator = "!=", Value = null }, Read = true },
            new RecordRule { Name = "own", Condition = new Condition { Field = "owner", Operator = "=", Value = "$current_user.id" }, Read = true, Update = true, Delete = true },
        ]);
        await using var db = await OpenWithAsync(definition);
        var ann = db.ForUser("ann", "member").Object("todo_item");
        Assert.That(await ann.CountAsync(), Is.EqualTo(3));
        var error = await Denied(() => ann.UpdateAsync("t-bob", R(("title", "x"))));
        Assert.That(error.Field, Is.EqualTo("id"));
    }

    [Test]
    public async Task Field_read_permission_masks_the_field_on_every_output_path()
    {
        var gus = Todos("gus", "guest");
        var found = await gus.FindAsync(Query.All);
        Assert.That(found.Single().Contains("estimate_hours"), Is.False);
        Assert.That((await gus.FindOneAsync("t-gus"))!.Contains("estimate_hours"), Is.False);
        await Denied(() => gus.FindAsync(new Query { Where = new Filter.Comparison("estimate_hours", FilterOperator.Gt, 1.0) }));
        await Denied(() => gus.FindAsync(new Query { OrderBy = [new SortSpec("estimate_hours")] }));
        await Denied(() => gus.AggregateAsync(new Query { Aggregations = [new Aggregation(AggregateFunction.Sum, "estimate_hours", "s")] }));
        var ann = Todos("ann", "member");
        Assert.That((await ann.FindOneAsync("t-ann"))!["estimate_hours"], Is.EqualTo(3.0));
    }

    [Test]
    public async Task Field_update_permission_is_enforced_on_writes()
    {
        var ann = Todos("ann", "member");
        var error = await Denied(() => ann.UpdateAsync("t-ann", R(("estimate_hours", 9.0))));
        Assert.That(error.Field, Is.EqualTo("estimate_hours"));
        await Denied(() => ann.CreateAsync(R(("title", "new"), ("owner", "ann"), ("estimate_hours", 1.0))));
        var updated = await ann.UpdateAsync("t-ann", R(("title", "renamed")));
        Assert.That(updated["title"], Is.EqualTo("renamed"));
        var admin = Todos("ann", "admin");
        Assert.That((await admin.UpdateAsync("t-ann", R(("estimate_hours", 9.0))))["estimate_hours"], Is.EqualTo(9.0));
    }

    [Test]
    public async Task Unresolvable_current_user_fails_closed()
    {
        var anonymousMember = _db.WithContext(new ObjectQLContext { Roles = ["member"] }).Object("todo_item");
        var error = await Denied(() => anonymousMember.FindAsync(Query.All));
        Assert.That(error.Details[0].Reason, Is.EqualTo("unresolved_current_user"));
        await Denied(() => anonymousMember.CountAsync());
    }

    [Test]
    public async Task View_all_and_modify_all_bypass_record_rules()
    {
        var definition = WithRules(TestModels.TodoItem.Permissions!.RecordRules, viewAll: ["auditor"], modifyAll: ["boss"]);
        await using var db = await OpenWithAsync(definition);
        Assert.That(await db.ForUser("zed", "auditor").Object("todo_item").CountAsync(), Is.EqualTo(3));
        await Denied(() => db.ForUser("zed", "auditor").Object("todo_item").UpdateAsync("t-bob", R(("title", "x"))));
        var boss = db.ForUser("zed", "boss").Object("todo_item");
        Assert.That((await boss.UpdateAsync("t-bob", R(("title", "by boss"))))["title"], Is.EqualTo("by boss"));
        Assert.That(await boss.DeleteManyAsync(null), Is.EqualTo(3));
    }

    [Test]
    public async Task Record_rule_with_unknown_operator_is_refused_when_the_database_opens()
    {
        var definition = WithRules([new RecordRule { Name = "bad", Condition = new Condition { Field = "owner", Operator = "matches", Value = "x" }, Read = true }]);
        var error = Assert.ThrowsAsync<ObjectQLException>(() => OpenWithAsync(definition))!;
        Assert.That(error.Details[0].Reason, Is.EqualTo("unknown_operator"));
    }

    [Test]
    public async Task Objects_without_permissions_can_be_closed_to_users()
    {
        await using var db = await ObjectQLDatabase.OpenAsync(new MemoryDriver(), TestModels.Samples, new ObjectQLOptions { AllowObjectsWithoutPermissions = false });
        await Denied(() => db.ForUser("ann", "member").Object("project").FindAsync(Query.All));
        Assert.That(await db.Object("project").CountAsync(), Is.EqualTo(0), "the default session is the system");
    }

    [Test]
    public async Task Password_fields_are_never_returned_to_users()
    {
        var account = TestModels.Object("account", TestModels.Field("login", FieldType.Text), TestModels.Field("secret", FieldType.Password));
        await using var db = await ObjectQLDatabase.OpenAsync(new MemoryDriver(), new ObjectModel([account]));
        var created = await db.ForUser("ann").Object("account").CreateAsync(R(("login", "ann"), ("secret", "hunter2")));
        Assert.That(created.Contains("secret"), Is.False);
        Assert.That((await db.System.Object("account").FindOneAsync(created.Id!))!["secret"], Is.EqualTo("hunter2"));
    }

    [Test]
    public async Task Tenant_context_stamps_and_filters_the_tenant_field()
    {
        var doc = TestModels.Object("doc", TestModels.Field("title", FieldType.Text), TestModels.Field("space_id", FieldType.Text));
        await using var db = await ObjectQLDatabase.OpenAsync(new MemoryDriver(), new ObjectModel([doc]));
        var a = db.WithContext(new ObjectQLContext { UserId = "ann", TenantId = "space-a" }).Object("doc");
        var b = db.WithContext(new ObjectQLContext { UserId = "bob", TenantId = "space-b" }).Object("doc");
        var created = await a.CreateAsync(R(("title", "A's")));
        await b.CreateAsync(R(("title", "B's")));
        Assert.That(created["space_id"], Is.EqualTo("space-a"));
        Assert.That((await a.FindAsync(Query.All)).Select(static r => r["title"]), Is.EqualTo(new[] { "A's" }));
        Assert.That(await b.UpdateManyAsync(null, R(("title", "changed"))), Is.EqualTo(1));
        Assert.That((await a.FindOneAsync(created.Id!))!["title"], Is.EqualTo("A's"));
    }

    private static ObjectDefinition WithRules(IReadOnlyList<RecordRule> rules, IReadOnlyList<string>? viewAll = null, IReadOnlyList<string>? modifyAll = null)
    {
        var todo = TestModels.TodoItem;
        var permissions = todo.Permissions! with
        {
            RecordRules = rules,
            ObjectPermissions = todo.Permissions!.ObjectPermissions with { ViewAll = viewAll ?? [], ModifyAll = modifyAll ?? [] },
        };
        return new ObjectDefinition { Name = todo.Name, Label = todo.Label, Fields = todo.Fields, Permissions = permissions };
    }

    private static async Task<ObjectQLDatabase> OpenWithAsync(ObjectDefinition todo)
    {
        var db = await ObjectQLDatabase.OpenAsync(new MemoryDriver(), new ObjectModel([todo]));
        await db.System.Object("todo_item").CreateManyAsync(
        [
            R(("id", "t-ann"), ("title", "Ann's"), ("owner", "ann")),
            R(("id", "t-bob"), ("title", "Bob's"), ("owner", "bob")),
            R(("id", "t-gus"), ("title", "Gus's"), ("owner", "gus")),
        ]);
        return db;
    }
}
