using ObjectQL.Drivers.Memory;
using ObjectQL.Querying;
using ObjectQL.Querying.Json;
using ObjectQL.Testing;

namespace ObjectQL.Tests;

public sealed class HookTests
{
    private ObjectQLDatabase _db = null!;

    [SetUp]
    public async Task SetUpAsync() => _db = await ObjectQLDatabase.OpenAsync(new MemoryDriver(), TestModels.Conformance);

    [TearDown]
    public async Task TearDownAsync() => await _db.DisposeAsync();

    private IObjectRepository Notes => _db.Object("tck_note");

    private static Record Note(string id, string title, double rank = 0) => new() { ["id"] = id, ["title"] = title, ["rank"] = rank };

    [Test]
    public async Task Hooks_run_sequentially_in_registration_order_for_the_object_and_for_every_object()
    {
        var calls = new List<string>();
        _db.Hooks.Before(HookOperation.Create, "tck_note", (_, _) => { calls.Add("note-1"); return ValueTask.CompletedTask; });
        _db.Hooks.Before(HookOperation.Create, HookRegistry.AnyObject, (c, _) => { calls.Add($"any-{c.ObjectName}"); return ValueTask.CompletedTask; });
        _db.Hooks.Before(HookOperation.Create, "tck_note", async (_, ct) => { await Task.Yield(); calls.Add("note-2"); });
        _db.Hooks.After(HookOperation.Create, "tck_note", (_, _) => { calls.Add("after"); return ValueTask.CompletedTask; });
        await Notes.CreateAsync(Note("n1", "a"));
        await _db.Object("tck_order").CreateAsync(new Record { ["customer"] = "x" });
        Assert.That(calls, Is.EqualTo(new[] { "note-1", "any-tck_note", "note-2", "after", "any-tck_order" }));
    }

    [Test]
    public async Task Before_create_may_change_the_data_and_after_create_the_result()
    {
        _db.Hooks.Before(HookOperation.Create, "tck_note", (c, _) => { c.Data!["title"] = ((string)c.Data["title"]!).ToUpperInvariant(); c.Data["rank"] = 7; return ValueTask.CompletedTask; });
        _db.Hooks.After(HookOperation.Create, "tck_note", (c, _) => { var r = ((Record)c.Result!).Clone(); r["body"] = "decorated"; c.Result = r; return ValueTask.CompletedTask; });
        var created = await Notes.CreateAsync(Note("n1", "shout"));
        var stored = await Notes.FindOneAsync("n1");
        Assert.That(stored!["title"], Is.EqualTo("SHOUT"));
        Assert.That(stored["rank"], Is.EqualTo(7.0), "a value a hook sets is converted to the canonical type");
        Assert.That(created["body"], Is.EqualTo("decorated"));
        Assert.That(stored["body"], Is.Null);
    }

    [Test]
    public async Task Before_find_may_change_the_query_and_after_find_the_result()
    {
        await Notes.CreateManyAsync([Note("n1", "keep", 1), Note("n2", "drop", 2), Note("n3", "keep", 3)]);
        _db.Hooks.Before(HookOperation.Find, "tck_note", (c, _) =>
        {
            c.Query = c.Query! with { Where = Filter.And.Of(c.Query.Where ?? new Filter.And([]), new Filter.Comparison("title", FilterOperator.Eq, "keep")) };
            return ValueTask.CompletedTask;
        });
        _db.Hooks.After(HookOperation.Find, "tck_note", (c, _) => { c.Result = ((IReadOnlyList<Record>)c.Result!).Reverse().ToArray(); return ValueTask.CompletedTask; });
        var rows = await Notes.FindAsync(Query.All);
        Assert.That(rows.Select(static r => r.Id), Is.EqualTo(new[] { "n3", "n1" }));
        Assert.That(await Notes.FindOneAsync("n2"), Is.Null, "findOne passes through the find hooks");
    }

    [Test]
    public async Task Count_hooks_see_and_change_the_filter_and_result()
    {
        await Notes.CreateManyAsync([Note("n1", "a"), Note("n2", "b")]);
        _db.Hooks.Before(HookOperation.Count, "tck_note", (c, _) => { c.Query = new Query { Where = new Filter.Comparison("title", FilterOperator.Eq, "a") }; return ValueTask.CompletedTask; });
        _db.Hooks.After(HookOperation.Count, "tck_note", (c, _) => { c.Result = (long)c.Result! * 10; return ValueTask.CompletedTask; });
        Assert.That(await Notes.CountAsync(), Is.EqualTo(10));
    }

    [Test]
    public async Task Update_hooks_get_previous_data_and_is_modified_compares_values()
    {
        await Notes.CreateAsync(Note("n1", "same", 1));
        var seen = new List<string>();
        _db.Hooks.Before(HookOperation.Update, "tck_note", (c, _) =>
        {
            seen.Add($"prev={c.PreviousData!["title"]} title:{c.IsModified("title")} rank:{c.IsModified("rank")} body:{c.IsModified("body")}");
            return ValueTask.CompletedTask;
        });
        await Notes.UpdateAsync("n1", new Record { ["title"] = "same", ["rank"] = 2.0 });
        Assert.That(seen, Is.EqualTo(new[] { "prev=same title:False rank:True body:False" }));
    }

    [Test]
    public async Task Throwing_before_hook_rejects_and_changes_nothing()
    {
        await Notes.CreateAsync(Note("n1", "locked"));
        _db.Hooks.Before(HookOperation.Delete, "tck_note", (c, _) =>
            c.PreviousData!["title"] as string == "locked" ? throw new ObjectQLException(ErrorCodes.Forbidden, "locked") : ValueTask.CompletedTask);
        var error = Assert.ThrowsAsync<ObjectQLException>(() => Notes.DeleteAsync("n1"))!;
        Assert.That(error.Code, Is.EqualTo(ErrorCodes.Forbidden));
        Assert.That(await Notes.FindOneAsync("n1"), Is.Not.Null);
    }

    [Test]
    public async Task Writes_made_by_a_hook_join_the_callers_transaction()
    {
        _db.Hooks.After(HookOperation.Create, "tck_note", async (c, ct) =>
        {
            await c.Session.Object("tck_order").CreateAsync(new Record { ["customer"] = (string)((Record)c.Result!)["title"]! }, ct);
            if ((string)((Record)c.Result!)["title"]! == "fail")
            {
                throw new InvalidOperationException("after the audit write");
            }
        });
        await Notes.CreateAsync(Note("n1", "ok"));
        Assert.ThrowsAsync<InvalidOperationException>(() => Notes.CreateAsync(Note("n2", "fail")));
        Assert.That(await _db.Object("tck_order").CountAsync(), Is.EqualTo(1));
        Assert.That(await Notes.CountAsync(), Is.EqualTo(1));
    }

    [Test]
    public async Task Bulk_operations_run_hooks_per_record()
    {
        var events = new List<string>();
        foreach (var op in new[] { HookOperation.Create, HookOperation.Update, HookOperation.Delete })
        {
            _db.Hooks.Before(op, "tck_note", (c, _) => { events.Add($"{c.Operation}:{c.Id ?? "?"}"); return ValueTask.CompletedTask; });
        }
        await Notes.CreateManyAsync([Note("n1", "a"), Note("n2", "b")]);
        await Notes.UpdateManyAsync(null, new Record { ["rank"] = 1.0 });
        await Notes.DeleteManyAsync(null);
        Assert.That(events, Is.EqualTo(new[] { "Create:n1", "Create:n2", "Update:n1", "Update:n2", "Delete:n1", "Delete:n2" }));
    }

    [Test]
    public async Task Disposing_a_registration_removes_the_hook()
    {
        var calls = 0;
        var registration = _db.Hooks.After(HookOperation.Find, "*", (_, _) => { calls++; return ValueTask.CompletedTask; });
        await Notes.FindAsync(Query.All);
        registration.Dispose();
        await Notes.FindAsync(Query.All);
        Assert.That(calls, Is.EqualTo(1));
    }

    [Test]
    public async Task Before_commit_handlers_run_inside_the_write_and_can_veto_it()
    {
        var log = new List<string>();
        using var subscription = _db.Changes.SubscribeBeforeCommit(async (context, ct) =>
        {
            Assert.That(context.Session.Transaction, Is.SameAs(context.Transaction).And.Not.Null);
            foreach (var change in context.Changes)
            {
                if ((change.Data?["title"] as string) == "veto")
                {
                    throw new ObjectQLException(ErrorCodes.Conflict, "change log refused");
                }
                // Written through the handler's session, the order is no change itself and never comes back here.
                await context.Session.Object("tck_order").CreateAsync(new Record { ["customer"] = $"{change.Operation}:{change.Id}" }, ct);
                log.Add(change.Id);
            }
        });
        await Notes.CreateAsync(Note("n1", "fine"));
        Assert.ThrowsAsync<ObjectQLException>(() => Notes.CreateAsync(Note("n2", "veto")));
        Assert.That(log, Is.EqualTo(new[] { "n1" }));
        Assert.That(await Notes.FindOneAsync("n2"), Is.Null);
        Assert.That((await _db.Object("tck_order").FindAsync(Query.All)).Select(static r => r["customer"]), Is.EqualTo(new[] { "Create:n1" }));
    }
}

public sealed class TypedRepositoryTests
{
    [Test]
    public async Task Typed_repository_goes_through_the_same_pipeline_and_emits_one_change_per_write()
    {
        await using var db = await ObjectQLDatabase.OpenAsync(new MemoryDriver(), TestModels.Conformance);
        var changes = new List<ChangeEvent>();
        using var subscription = db.Changes.Subscribe((c, _) => { changes.Add(c); return ValueTask.CompletedTask; });
        var hooked = 0;
        db.Hooks.Before(HookOperation.Create, "tck_note", (_, _) => { hooked++; return ValueTask.CompletedTask; });
        var notes = new Repository<NoteEntity>(db.Object("tck_note"));

        var created = await notes.CreateAsync(new NoteEntity { Title = "typed", Rank = 2 });
        await notes.CreateManyAsync([new NoteEntity { Id = "b", Title = "b", Rank = 1 }, new NoteEntity { Id = "c", Title = "c", Rank = 3 }]);
        var updated = await notes.UpdateAsync(created.Id!, new NotePatch { Title = "renamed" });
        var found = await notes.FindAsync(NoteEntity.Fields.Rank.Gte(2), orderBy: NoteEntity.Fields.Rank.Desc());
        await notes.UpdateManyAsync(NoteEntity.Fields.Title.In("b", "c"), new NotePatch { Rank = 0 });
        await notes.DeleteAsync("b");

        Assert.That(created.Id, Is.Not.Null);
        Assert.That(created.Version, Is.EqualTo(1));
        Assert.That(updated.Title, Is.EqualTo("renamed"));
        Assert.That(updated.Version, Is.EqualTo(2));
        Assert.That(found.Select(static n => n.Title), Is.EqualTo(new[] { "c", "renamed" }));
        Assert.That(hooked, Is.EqualTo(3));
        Assert.That(changes.Select(static c => $"{c.Operation}:{c.Id}"), Is.EqualTo(new[]
        {
            $"Create:{created.Id}", "Create:b", "Create:c", $"Update:{created.Id}", "Update:b", "Update:c", "Delete:b",
        }));
    }

    [Test]
    public void Typed_filters_build_the_same_ast_as_the_json_readers()
    {
        var typed = QueryNormalizer.NormalizeFilter(NoteEntity.Fields.Rank.Between(1, 5) & !NoteEntity.Fields.Title.StartsWith("x") | NoteEntity.Fields.Title.IsNull(), TestModels.Note);
        var json = FilterJsonReader.Read("""{"$or":[{"$and":[{"rank":{"$between":[1,5]}},{"$not":{"title":{"$startsWith":"x"}}}]},{"title":{"$null":true}}]}""", TestModels.Note);
        Assert.That(typed, Is.EqualTo(json));
    }
}
