using Microsoft.Extensions.Time.Testing;
using ObjectQL.Sync.Client;
using ObjectQL.Sync.EndToEnd.Tests.Infrastructure;
using ObjectQL.Sync.TestServer;

namespace ObjectQL.Sync.EndToEnd.Tests;

/// <summary>
/// SY-5.2: two devices edit the same records while offline, then sync, per strategy. Time is a shared
/// <see cref="FakeTimeProvider"/> (the server's and, with each device's error, the devices'), so "later" is exact.
/// </summary>
public sealed class ConcurrentEditTests
{
    private static readonly TimeSpan Hour = TimeSpan.FromHours(1);
    private FakeTimeProvider _world = null!;
    private Workspace _workspace = null!;
    private ServerHost _server = null!;

    [SetUp]
    public async Task StartAsync()
    {
        _world = new FakeTimeProvider(DateTimeOffset.UtcNow);
        _workspace = new Workspace();
        _server = await ServerHost.StartAsync(new SyncTestAppOptions { TimeProvider = _world });
    }

    [TearDown]
    public async Task StopAsync()
    {
        await _server.DisposeAsync();
        _workspace.Dispose();
    }

    private Task<Device> OpenAsync(string name, TimeSpan clockError = default, SyncConflictHandler? onConflict = null) =>
        Device.OpenAsync(_server.Address, _workspace.File(name + ".db"), new DeviceOptions { TimeProvider = new OffsetTime(_world, clockError), OnConflict = onConflict });

    private void Later() => _world.Advance(TimeSpan.FromSeconds(2));

    private async Task<object?> OnServerAsync(string objectName, string id, string field) =>
        (await _server.Database.System.Object(objectName).FindOneAsync(id))?[field];

    [Test]
    public async Task Last_write_wins_a_device_an_hour_fast_loses_to_a_later_write_and_wins_when_it_writes_later()
    {
        await using var fast = await OpenAsync("fast", clockError: Hour);
        await using var other = await OpenAsync("other");
        var note = await other.Notes.CreateAsync(new Record { ["title"] = "v0", ["writer"] = "other" });
        await other.SyncAsync();
        await fast.SyncAsync();

        // Round 1: the fast device writes first (its clock says an hour later), the other a moment after.
        fast.GoOffline();
        other.GoOffline();
        await fast.Notes.UpdateAsync(note.Id!, new Record { ["title"] = "fast, earlier", ["writer"] = "fast" });
        Later();
        await other.Notes.UpdateAsync(note.Id!, new Record { ["title"] = "other, later", ["writer"] = "other" });
        await fast.SyncAsync();
        await other.SyncAsync();
        await fast.SyncAsync();
        Assert.That(await OnServerAsync(SyncTestModel.NoteName, note.Id!, "title"), Is.EqualTo("other, later"), "an hour-fast clock does not always win");
        await Replicas.AssertEqualAsync(_server, fast, other);

        // Round 2: the other device writes first, the fast one later; pushed in the other order.
        fast.GoOffline();
        other.GoOffline();
        await other.Notes.UpdateAsync(note.Id!, new Record { ["title"] = "other, earlier", ["writer"] = "other" });
        Later();
        await fast.Notes.UpdateAsync(note.Id!, new Record { ["title"] = "fast, later", ["writer"] = "fast" });
        await fast.SyncAsync();
        await other.SyncAsync();
        await fast.SyncAsync();
        Assert.That(await OnServerAsync(SyncTestModel.NoteName, note.Id!, "title"), Is.EqualTo("fast, later"), "an hour-fast clock does not always lose");
        Assert.That(await OnServerAsync(SyncTestModel.NoteName, note.Id!, "writer"), Is.EqualTo("fast"), "the whole write wins");
        await Replicas.AssertEqualAsync(_server, fast, other);
    }

    [Test]
    public async Task Last_write_wins_a_device_an_hour_slow_loses_to_a_later_write_and_wins_over_what_it_has_seen()
    {
        await using var slow = await OpenAsync("slow", clockError: -Hour);
        await using var other = await OpenAsync("other");
        var note = await other.Notes.CreateAsync(new Record { ["title"] = "v0" });
        await other.SyncAsync();
        await slow.SyncAsync();

        slow.GoOffline();
        other.GoOffline();
        await slow.Notes.UpdateAsync(note.Id!, new Record { ["title"] = "slow, earlier" });
        Later();
        await other.Notes.UpdateAsync(note.Id!, new Record { ["title"] = "other, later" });
        await other.SyncAsync();
        await slow.SyncAsync();
        Assert.That(await OnServerAsync(SyncTestModel.NoteName, note.Id!, "title"), Is.EqualTo("other, later"));

        // The slow device has now seen "other, later"; its next edit wins although its wall clock is an hour behind it.
        Later();
        await slow.Notes.UpdateAsync(note.Id!, new Record { ["title"] = "slow, after seeing it" });
        await slow.SyncAsync();
        await other.SyncAsync();
        Assert.That(await OnServerAsync(SyncTestModel.NoteName, note.Id!, "title"), Is.EqualTo("slow, after seeing it"), "an hour-slow clock does not always lose");
        await Replicas.AssertEqualAsync(_server, slow, other);
    }

    [Test]
    public async Task Crdt_edits_of_different_fields_both_survive_on_every_replica()
    {
        await using var phone = await OpenAsync("phone");
        await using var laptop = await OpenAsync("laptop");
        var todo = await phone.Todos.CreateAsync(new Record { ["title"] = "Plan the trip", ["done"] = false, ["rank"] = 1 });
        await phone.SyncAsync();
        await laptop.SyncAsync();

        phone.GoOffline();
        laptop.GoOffline();
        await phone.Todos.UpdateAsync(todo.Id!, new Record { ["done"] = true });
        Later();
        await laptop.Todos.UpdateAsync(todo.Id!, new Record { ["title"] = "Plan the trip to Lisbon", ["notes"] = "book flights first" });
        await laptop.SyncAsync();
        await phone.SyncAsync();
        await laptop.SyncAsync();

        var merged = await _server.Database.System.Object(SyncTestModel.TodoName).FindOneAsync(todo.Id!);
        Assert.That((merged?["title"], merged?["notes"], merged?["done"]), Is.EqualTo(("Plan the trip to Lisbon", "book flights first", true)));
        await Replicas.AssertEqualAsync(_server, phone, laptop);
    }

    [Test]
    public async Task Crdt_edits_of_the_same_field_resolve_to_the_later_clock_whichever_device_syncs_first()
    {
        await using var phone = await OpenAsync("phone");
        await using var laptop = await OpenAsync("laptop");
        var todo = await phone.Todos.CreateAsync(new Record { ["title"] = "first", ["rank"] = 1 });
        await phone.SyncAsync();
        await laptop.SyncAsync();

        phone.GoOffline();
        laptop.GoOffline();
        await phone.Todos.UpdateAsync(todo.Id!, new Record { ["title"] = "phone, earlier", ["rank"] = 2 });
        Later();
        await laptop.Todos.UpdateAsync(todo.Id!, new Record { ["title"] = "laptop, later" });
        // The later write reaches the server first; the earlier one must still lose its title (and keep its rank).
        await laptop.SyncAsync();
        await phone.SyncAsync();
        await laptop.SyncAsync();

        var merged = await _server.Database.System.Object(SyncTestModel.TodoName).FindOneAsync(todo.Id!);
        Assert.That((merged?["title"], merged?["rank"]), Is.EqualTo(("laptop, later", 2d)));
        await Replicas.AssertEqualAsync(_server, phone, laptop);
    }

    [Test]
    public async Task Manual_conflict_calls_onConflict_with_both_sides_its_answer_reaches_the_server_and_later_writes_flow()
    {
        var asked = new List<SyncConflictContext>();
        await using var phone = await OpenAsync("phone");
        await using var laptop = await OpenAsync("laptop", onConflict: (conflict, _) =>
        {
            asked.Add(conflict);
            var total = Convert.ToDouble(conflict.LocalRecord!["amount"]) + Convert.ToDouble(conflict.ServerRecord["amount"]) - 100;
            return ValueTask.FromResult(ConflictAnswer.Push(new Record { ["amount"] = total, ["memo"] = "both raises" }));
        });
        var invoice = await phone.Invoices.CreateAsync(new Record { ["customer"] = "Contoso", ["amount"] = 100, ["status"] = "draft" });
        await phone.SyncAsync();
        await laptop.SyncAsync();

        phone.GoOffline();
        laptop.GoOffline();
        await phone.Invoices.UpdateAsync(invoice.Id!, new Record { ["amount"] = 150 });
        await laptop.Invoices.UpdateAsync(invoice.Id!, new Record { ["amount"] = 175 });
        // Written after the conflicting edit: must not wait behind it.
        var note = await laptop.Notes.CreateAsync(new Record { ["title"] = "after the conflict" });
        var second = await laptop.Invoices.CreateAsync(new Record { ["customer"] = "Fabrikam", ["amount"] = 20 });
        await phone.SyncAsync();
        await laptop.SyncAsync();
        await phone.SyncAsync();

        Assert.That(asked, Has.Count.EqualTo(1));
        Assert.That(asked[0].ConflictingFields, Is.EquivalentTo(new[] { "amount" }));
        Assert.That((Convert.ToDouble(asked[0].LocalRecord!["amount"]), Convert.ToDouble(asked[0].ServerRecord["amount"])), Is.EqualTo((175d, 150d)), "both sides");
        var onServer = await _server.Database.System.Object(SyncTestModel.InvoiceName).FindOneAsync(invoice.Id!);
        Assert.That((onServer?["amount"], onServer?["memo"]), Is.EqualTo((225d, "both raises")));
        Assert.That(await OnServerAsync(SyncTestModel.NoteName, note.Id!, "title"), Is.EqualTo("after the conflict"));
        Assert.That(await OnServerAsync(SyncTestModel.InvoiceName, second.Id!, "customer"), Is.EqualTo("Fabrikam"));
        Assert.That((laptop.Client.Status.PendingCount, laptop.Client.Status.Parked.Count), Is.EqualTo((0, 0)));
        await Replicas.AssertEqualAsync(_server, phone, laptop);
    }

    [Test]
    public async Task Manual_conflict_left_for_the_user_stays_parked_while_later_writes_flow_and_the_users_answer_reaches_the_server()
    {
        await using var phone = await OpenAsync("phone");
        await using var laptop = await OpenAsync("laptop", onConflict: (_, _) => ValueTask.FromResult(ConflictAnswer.Defer));
        var invoice = await phone.Invoices.CreateAsync(new Record { ["customer"] = "Contoso", ["amount"] = 100 });
        await phone.SyncAsync();
        await laptop.SyncAsync();

        phone.GoOffline();
        laptop.GoOffline();
        await phone.Invoices.UpdateAsync(invoice.Id!, new Record { ["status"] = "sent" });
        await laptop.Invoices.UpdateAsync(invoice.Id!, new Record { ["status"] = "void" });
        var later = await laptop.Notes.CreateAsync(new Record { ["title"] = "not held up" });
        await phone.SyncAsync();
        await laptop.SyncAsync();

        var parked = laptop.Client.Status.Parked.Single();
        Assert.That((parked.Kind, parked.RecordId, parked.Conflict?.ConflictingFields), Is.EqualTo((ParkedKind.Conflict, invoice.Id, (IReadOnlyList<string>)["status"])));
        Assert.That(await OnServerAsync(SyncTestModel.NoteName, later.Id!, "title"), Is.EqualTo("not held up"));
        Assert.That(await OnServerAsync(SyncTestModel.InvoiceName, invoice.Id!, "status"), Is.EqualTo("sent"));

        await laptop.Client.ResolveAsync(parked.MutationId, new Record { ["status"] = "disputed" });
        await laptop.SyncAsync();
        await phone.SyncAsync();
        Assert.That(await OnServerAsync(SyncTestModel.InvoiceName, invoice.Id!, "status"), Is.EqualTo("disputed"));
        Assert.That(laptop.Client.Status.Parked, Is.Empty);
        await Replicas.AssertEqualAsync(_server, phone, laptop);
    }
}
