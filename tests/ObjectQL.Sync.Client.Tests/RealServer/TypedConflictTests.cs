using ObjectQL.Sync.Client.Tests.Model;

namespace ObjectQL.Sync.Client.Tests.RealServer;

/// <summary>The generated sync views against the real sync endpoint: a manual conflict answered through the typed handler.</summary>
public sealed class TypedConflictTests
{
    [Test]
    public async Task A_manual_conflict_is_resolved_through_the_typed_handler_with_a_typed_patch()
    {
        await using var host = await TypedSyncHost.StartAsync();
        TypedNoteSyncConflict? seen = null;
        var phone = await host.OpenDeviceAsync("phone");
        var laptop = await host.OpenDeviceAsync("laptop", options => options.OnTypedNoteConflict((conflict, ct) =>
        {
            seen = conflict;
            return ValueTask.FromResult(conflict.Push(new TypedNotePatch { Title = $"{conflict.Server.Title} + {conflict.Client!.Title}" }));
        }));
        var note = await phone.Session.TypedNotes().CreateAsync(new TypedNote { Title = "first", Body = "shared" });
        await phone.Client.WaitForSyncAsync();
        await laptop.Client.WaitForSyncAsync();

        await phone.Session.TypedNotes().UpdateAsync(note.Id!, new TypedNotePatch { Title = "phone" });
        await phone.Client.WaitForSyncAsync();
        await laptop.Session.TypedNotes().UpdateAsync(note.Id!, new TypedNotePatch { Title = "laptop" });
        Assert.That(laptop.Client.Status.TypedNotes().PendingCount, Is.EqualTo(1), "the laptop's edit waits, typed per object");
        await laptop.Client.WaitForSyncAsync();
        await laptop.Client.WaitForSyncAsync();
        await phone.Client.WaitForSyncAsync();

        Assert.That(seen, Is.Not.Null, "the typed handler was called");
        Assert.That((seen!.RecordId, seen.Client?.Title, seen.Server.Title, seen.Server.Id), Is.EqualTo((note.Id, "laptop", "phone", note.Id)));
        Assert.That(seen.ConflictingFields, Is.EqualTo(new[] { TypedNote.Fields.Title }));
        Assert.That(seen.IsConflicting(TypedNote.Fields.Body), Is.False);
        var server = await host.Database.System.TypedNotes().FindOneAsync(note.Id!);
        var onPhone = await phone.Session.TypedNotes().FindOneAsync(note.Id!);
        Assert.That((server?.Title, onPhone?.Title, onPhone?.Body), Is.EqualTo(("phone + laptop", "phone + laptop", "shared")));
        var status = laptop.Client.Status.TypedNotes();
        Assert.That((status.PendingCount, status.Parked.Count), Is.EqualTo((0, 0)));
    }

    [Test]
    public async Task A_deferred_conflict_shows_in_the_typed_status_with_the_server_record_and_its_fields()
    {
        await using var host = await TypedSyncHost.StartAsync();
        var phone = await host.OpenDeviceAsync("phone");
        var laptop = await host.OpenDeviceAsync("laptop", options => options.OnTypedNoteConflict((conflict, ct) => ValueTask.FromResult(conflict.Defer())));
        var note = await phone.Session.TypedNotes().CreateAsync(new TypedNote { Title = "first", Body = "one" });
        await phone.Client.WaitForSyncAsync();
        await laptop.Client.WaitForSyncAsync();
        await phone.Session.TypedNotes().UpdateAsync(note.Id!, new TypedNotePatch { Body = "phone body" });
        await phone.Client.WaitForSyncAsync();
        await laptop.Session.TypedNotes().UpdateAsync(note.Id!, new TypedNotePatch { Body = "laptop body" });
        await laptop.Client.WaitForSyncAsync();

        var parked = laptop.Client.Status.TypedNotes().Parked.Single();
        Assert.That((parked.Kind, parked.RecordId, parked.Server?.Body, parked.Server?.Id), Is.EqualTo((ParkedKind.Conflict, note.Id, "phone body", note.Id)));
        Assert.That(parked.Fields, Is.EqualTo(new[] { TypedNote.Fields.Body }));
        Assert.That(laptop.Client.Status.TypedTasks().Parked, Is.Empty, "another object's status is its own");

        await laptop.Client.ResolveAsync(parked.Mutation.MutationId, new TypedNotePatch { Body = "chosen" }.ToRecord());
        await laptop.Client.WaitForSyncAsync();
        Assert.That((await host.Database.System.TypedNotes().FindOneAsync(note.Id!))?.Body, Is.EqualTo("chosen"));
        Assert.That(laptop.Client.Status.TypedNotes().Parked, Is.Empty);
    }
}
