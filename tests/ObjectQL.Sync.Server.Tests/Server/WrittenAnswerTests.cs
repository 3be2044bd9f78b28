using ObjectQL.Metadata;
using ObjectQL.Sqlite;
using ObjectQL.Sync.Protocol;
using ObjectQL.Sync.Server.Tests.Support;

namespace ObjectQL.Sync.Server.Tests.Server;

/// <summary>
/// A grouped create or an update is answered from the record its write returned only where a read afterwards would give
/// the same answer: where the caller may not read a value it sent, or a hook makes what the write returned differ from
/// what is stored, the answer is still the read's.
/// </summary>
public sealed class WrittenAnswerTests
{
    private readonly List<string> _directories = [];

    [TearDown]
    public void DeleteDirectories()
    {
        foreach (var directory in _directories)
        {
            Directory.Delete(directory, recursive: true);
        }
        _directories.Clear();
    }

    [Test]
    public async Task A_sent_field_the_caller_may_not_read_makes_the_answer_carry_the_record_as_the_caller_reads_it()
    {
        var todo = TestModel.Objects.Get(TestModel.Todo);
        var hidden = new ObjectDefinition
        {
            Name = todo.Name,
            Label = todo.Label,
            Fields = todo.Fields,
            Sync = todo.Sync,
            Permissions = todo.Permissions! with { FieldPermissions = [new FieldPermission { Field = "priority", Read = ["auditor"] }] },
        };
        var directory = SyncHarness.NewDirectory();
        _directories.Add(directory);
        await using var database = await ObjectQLDatabase.CreateBuilder()
            .UseSqlite($"Data Source={Path.Combine(directory, "answers.db")}")
            .AddModel(new ObjectModel([hidden]))
            .AddPlugin(new SyncServerPlugin(SyncHarness.Options()))
            .OpenAsync();
        var server = await SyncServer.CreateAsync(database);
        var client = new TestClient();

        var response = await client.SyncAsync(server,
            client.Create(TestModel.Todo, "plain", ("title", "plain")),
            client.Create(TestModel.Todo, "secret", ("title", "secret"), ("priority", "high")));

        var (plain, secret) = ((SyncMutationApplied)response.Results[0], (SyncMutationApplied)response.Results[1]);
        Assert.Multiple(() =>
        {
            Assert.That((plain.ServerVersion, plain.Record), Is.EqualTo((1L, (IReadOnlyDictionary<string, System.Text.Json.JsonElement>?)null)), "stored as sent and all readable");
            Assert.That(secret.ServerVersion, Is.EqualTo(1L));
            Assert.That(secret.Record, Is.Not.Null, "the caller cannot read back what it sent, so the answer says what it reads");
            Assert.That(secret.Record!.ContainsKey("priority"), Is.False, "and reveals nothing the caller may not read");
            Assert.That(secret.Record["title"].GetString(), Is.EqualTo("secret"));
        });
        Assert.That((await database.System.Object(TestModel.Todo).FindOneAsync("secret"))!["priority"], Is.EqualTo("high"));
    }

    [Test]
    public async Task An_after_create_hook_that_changes_what_the_create_returns_leaves_the_answer_to_the_stored_record()
    {
        await using var harness = await SyncHarness.OpenSqliteAsync();
        StoreOneTitleAndReturnAnother(harness.Database, HookOperation.Create);
        var client = new TestClient();

        var response = await client.SyncAsync(harness.Server,
            client.Create(TestModel.Todo, "a", ("title", "as sent")),
            client.Create(TestModel.Todo, "b", ("title", "as sent")));

        foreach (var result in response.Results.Cast<SyncMutationApplied>())
        {
            Assert.That(result.Record?["title"].GetString(), Is.EqualTo("stored by the hook"), result.MutationId);
        }
    }

    [Test]
    public async Task An_after_update_hook_that_changes_what_the_update_returns_leaves_the_answer_to_the_stored_record()
    {
        await using var harness = await SyncHarness.OpenSqliteAsync();
        var client = new TestClient();
        await client.SyncAsync(harness.Server, client.Create(TestModel.Todo, "a", ("title", "first")), client.Create(TestModel.Todo, "b", ("title", "first")));
        StoreOneTitleAndReturnAnother(harness.Database, HookOperation.Update);

        var response = await client.SyncAsync(harness.Server,
            client.Update(TestModel.Todo, "a", 1, ("title", "as sent")),
            client.Update(TestModel.Todo, "b", 1, ("title", "as sent")));

        foreach (var result in response.Results.Cast<SyncMutationApplied>())
        {
            Assert.That(result.Record?["title"].GetString(), Is.EqualTo("stored by the hook"), result.MutationId);
        }
    }

    [Test]
    public async Task A_create_is_answered_with_its_record_exactly_when_a_stored_text_is_not_the_one_sent()
    {
        await using var harness = await SyncHarness.OpenSqliteAsync();
        harness.Database.Hooks.Before(HookOperation.Create, TestModel.Todo, (context, _) =>
        {
            if (context.Data!["title"] is "change me" or "tab\tand \u00e9 changed")
            {
                context.Data["title"] = context.Data["title"] + "!";
            }
            return ValueTask.CompletedTask;
        });
        var client = new TestClient();

        // Sent as written, and with escapes (a tab, and "é" as the writer escapes it); each stored as sent or changed.
        var response = await client.SyncAsync(harness.Server,
            client.Create(TestModel.Todo, "same", ("title", "same")),
            client.Create(TestModel.Todo, "escaped", ("title", "tab\tand \u00e9")),
            client.Create(TestModel.Todo, "changed", ("title", "change me")),
            client.Create(TestModel.Todo, "escaped-changed", ("title", "tab\tand \u00e9 changed")));

        var records = response.Results.Cast<SyncMutationApplied>().Select(r => r.Record?["title"].GetString()).ToArray();
        Assert.That(records, Is.EqualTo(new[] { null, null, "change me!", "tab\tand \u00e9 changed!" }));
    }

    // The stored title is the before-hook's; the after-hook hands the caller the sent one back.
    private static void StoreOneTitleAndReturnAnother(ObjectQLDatabase database, HookOperation write)
    {
        database.Hooks.Before(write, TestModel.Todo, (context, _) =>
        {
            context.Data!["title"] = "stored by the hook";
            return ValueTask.CompletedTask;
        });
        database.Hooks.After(write, TestModel.Todo, (context, _) =>
        {
            var result = ((Record)context.Result!).Clone();
            result["title"] = "as sent";
            context.Result = result;
            return ValueTask.CompletedTask;
        });
    }
}
