using ObjectQL.Drivers.Memory;
using ObjectQL.Metadata;
using ObjectQL.Testing;

namespace ObjectQL.Tests;

// The pipeline side of UpdateManyAsync(patches) and DeleteByIdsAsync: hooks, permissions and the typed wrappers. The conformance kit
// (DriverConformanceTests.Batched.cs) proves the stored results on every driver.
public sealed class BatchWriteTests
{
    private ObjectQLDatabase _db = null!;

    [SetUp]
    public async Task SetUpAsync()
    {
        _db = await ObjectQLDatabase.OpenAsync(new MemoryDriver(), new ObjectModel([.. TestModels.Conformance.Objects, .. TestModels.Samples.Objects]));
        await Notes.CreateManyAsync([Note("n1", "one", 1), Note("n2", "two", 2), Note("n3", "three", 3)]);
        await _db.System.Object("todo_item").CreateManyAsync(
        [
            new Record { ["id"] = "t-ann", ["title"] = "Ann's", ["owner"] = "ann", ["estimate_hours"] = 3.0 },
            new Record { ["id"] = "t-bob", ["title"] = "Bob's", ["owner"] = "bob" },
        ]);
    }

    [TearDown]
    public async Task TearDownAsync() => await _db.DisposeAsync();

    private IObjectRepository Notes => _db.Object("tck_note");

    private static Record Note(string id, string title, double rank) => new() { ["id"] = id, ["title"] = title, ["rank"] = rank };

    private static RecordPatch Patch(string id, string field, object? value) => new(id, new Record { [field] = value });

    [Test]
    public async Task Batched_update_runs_every_before_hook_then_every_after_hook_in_patch_order()
    {
        var calls = new List<string>();
        _db.Hooks.Before(HookOperation.Update, "tck_note", (c, _) =>
        {
            calls.Add($"before:{c.Id}:{c.IsModified("title")}:{c.PreviousData!["title"]}");
            return ValueTask.CompletedTask;
        });
        _db.Hooks.After(HookOperation.Update, "tck_note", (c, _) =>
        {
            calls.Add($"after:{c.Id}:{((Record)c.Result!)["title"]}");
            return ValueTask.CompletedTask;
        });
        await Notes.UpdateManyAsync([Patch("n2", "title", "TWO"), Patch("n1", "title", "one")]);
        Assert.That(calls, Is.EqualTo(new[] { "before:n2:True:two", "before:n1:False:one", "after:n2:TWO", "after:n1:one" }));
    }

    [Test]
    public async Task Before_hooks_may_change_each_records_patch_and_after_hooks_see_each_result()
    {
        var seen = new List<object?>();
        _db.Hooks.Before(HookOperation.Update, "tck_note", (c, _) => { c.Data!["body"] = $"by hook {c.Id}"; return ValueTask.CompletedTask; });
        _db.Hooks.After(HookOperation.Update, "tck_note", (c, _) => { seen.Add(((Record)c.Result!)["body"]); return ValueTask.CompletedTask; });
        var count = await Notes.UpdateManyAsync([Patch("n1", "rank", 10), Patch("n3", "rank", 30)]);
        Assert.That(count, Is.EqualTo(2L));
        Assert.That(seen, Is.EqualTo(new object[] { "by hook n1", "by hook n3" }));
        var stored = await Notes.FindOneAsync("n3");
        Assert.That(stored!["body"], Is.EqualTo("by hook n3"));
        Assert.That(stored["rank"], Is.EqualTo(30.0), "an int from the caller is stored as the canonical double");
    }

    [Test]
    public async Task A_before_hook_rejecting_one_record_rolls_back_the_batch()
    {
        _db.Hooks.Before(HookOperation.Update, "tck_note", (c, _) =>
            c.Id == "n3" ? throw ObjectQLException.InvalidRequest("no", "title", "rejected") : ValueTask.CompletedTask);
        Assert.ThrowsAsync<ObjectQLException>(() => Notes.UpdateManyAsync([Patch("n1", "title", "x"), Patch("n3", "title", "x")]));
        Assert.That((await Notes.FindOneAsync("n1"))!["title"], Is.EqualTo("one"));
    }

    [Test]
    public async Task The_same_id_twice_is_an_invalid_request_and_changes_nothing()
    {
        var error = Assert.ThrowsAsync<ObjectQLException>(() => Notes.UpdateManyAsync([Patch("n1", "title", "a"), Patch("n1", "title", "b")]));
        Assert.That(error!.Code, Is.EqualTo(ErrorCodes.InvalidRequest));
        Assert.That(error.Field, Is.EqualTo("id"));
        Assert.That((await Notes.FindOneAsync("n1"))!["title"], Is.EqualTo("one"));
    }

    [Test]
    public async Task An_empty_batch_returns_nothing_and_writes_nothing()
    {
        Assert.That(await Notes.UpdateManyAsync(Array.Empty<RecordPatch>()), Is.EqualTo(0L));
        Assert.That((await Notes.FindOneAsync("n1"))![SystemFields.Version], Is.EqualTo(1L));
    }

    [Test]
    public async Task Record_rules_are_checked_on_the_stored_records_of_a_batch()
    {
        var ann = _db.ForUser("ann", "member").Object("todo_item");
        var hidden = Assert.ThrowsAsync<ObjectQLException>(() => ann.UpdateManyAsync([Patch("t-ann", "title", "mine"), Patch("t-bob", "owner", "ann")]));
        Assert.That(hidden!.Code, Is.EqualTo(ErrorCodes.NotFound), "a record the rules hide is not found, even if the patch would make it visible");
        Assert.That(hidden.Message, Does.Contain("t-bob"));
        Assert.That(await ann.UpdateManyAsync([Patch("t-ann", "title", "mine")]), Is.EqualTo(1L));
        Assert.That((await ann.FindOneAsync("t-ann"))!["title"], Is.EqualTo("mine"));
    }

    [Test]
    public async Task Field_update_permissions_apply_to_every_patch()
    {
        var ann = _db.ForUser("ann", "member").Object("todo_item");
        var error = Assert.ThrowsAsync<ObjectQLException>(() => ann.UpdateManyAsync([Patch("t-ann", "estimate_hours", 8.0)]));
        Assert.That(error!.Code, Is.EqualTo(ErrorCodes.Forbidden));
        Assert.That(error.Field, Is.EqualTo("estimate_hours"));
        Assert.That((await _db.System.Object("todo_item").FindOneAsync("t-ann"))!["estimate_hours"], Is.EqualTo(3.0));
    }

    [Test]
    public async Task Typed_repository_updates_entities_in_one_batch_and_returns_the_count()
    {
        var notes = new Repository<NoteEntity>(Notes);
        var count = await notes.UpdateManyAsync(
        [
            ("n3", new NotePatch { Title = "drei" }),
            ("n1", new NotePatch { Rank = 11 }),
        ]);
        Assert.That(count, Is.EqualTo(2L));
        var stored = await notes.FindAsync(NoteEntity.Fields.Id.In("n1", "n3"), NoteEntity.Fields.Id.Asc());
        Assert.That(stored.Select(static n => (n.Id, n.Title, n.Rank, n.Version)), Is.EqualTo(new[] { ("n1", "one", 11.0, 2L), ("n3", "drei", 3.0, 2L) }));
    }

    [Test]
    public async Task Typed_repository_deletes_by_ids_and_runs_the_delete_hooks_once_each()
    {
        var deleted = new List<string>();
        _db.Hooks.After(HookOperation.Delete, "tck_note", (c, _) => { deleted.Add(c.Id!); return ValueTask.CompletedTask; });
        var notes = new Repository<NoteEntity>(Notes);
        Assert.That(await notes.DeleteByIdsAsync(new[] { "n3", "n1", "gone" }.Where(static id => id.Length > 0)), Is.EqualTo(2));
        Assert.That(deleted, Is.EqualTo(new[] { "n3", "n1" }));
        Assert.That((await notes.FindAsync()).Select(static n => n.Id), Is.EqualTo(new[] { "n2" }));
    }

    [Test]
    public async Task Deleting_by_ids_without_delete_permission_is_forbidden_and_deletes_nothing()
    {
        var error = Assert.ThrowsAsync<ObjectQLException>(() => _db.ForUser("ann", "member").Object("todo_item").DeleteByIdsAsync(["t-ann"]));
        Assert.That(error!.Code, Is.EqualTo(ErrorCodes.Forbidden));
        Assert.That(await _db.System.Object("todo_item").CountAsync(), Is.EqualTo(2));
    }
}
