using System.Text.Json;
using ObjectQL.Metadata;
using ObjectQL.Sync.Client.Merge;
using ObjectQL.Sync.Client.Storage;
using ObjectQL.Sync.Protocol;

namespace ObjectQL.Sync.Client.Tests;

// The pure rules under the engine: coalescing (RFC 10.4) and the overlay a record shows (RFC 10.2).
public sealed class MergeRulesTests
{
    private const string Early = "2026-12-03T09:00:01.000Z-00000000-server";
    private const string Mid = "2026-12-03T09:00:02.000Z-00000000-client";
    private const string Late = "2026-12-03T09:00:03.000Z-00000000-server";

    private static LoggedMutation Mutation(string id, MutationOperation operation, string clock, Dictionary<string, JsonElement>? data = null, Dictionary<string, JsonElement>? baseData = null, long? baseVersion = 1, string state = MutationStates.Pending) => new()
    {
        Id = id, Sequence = 1, ObjectName = "todo", RecordId = "r", Operation = operation, Timestamp = "2026-12-03T09:00:00.000Z",
        Clock = clock, BaseVersion = operation == MutationOperation.Create ? null : baseVersion, Data = data, BaseData = baseData, State = state,
    };

    private static SyncedRecord Synced(string clock, Dictionary<string, string>? fieldClocks = null) => new()
    {
        ObjectName = "todo", RecordId = "r", Version = 2, Clock = clock, FieldClocks = fieldClocks,
        Image = FakeServer.Data(("title", "server"), ("done", false)),
    };

    [Test]
    public void Two_updates_merge_with_later_values_the_earliest_base_values_the_first_id_and_the_latest_clock()
    {
        var first = Mutation("m1", MutationOperation.Update, Early, FakeServer.Data(("title", "a")), FakeServer.Data(("title", "base")));
        var second = Mutation("m2", MutationOperation.Update, Late, FakeServer.Data(("title", "b"), ("done", true)), FakeServer.Data(("title", "a"), ("done", false)), baseVersion: 3);
        var (action, merged) = Coalescing.Merge(first, second);
        Assert.That(action, Is.EqualTo(CoalesceAction.Replace));
        Assert.That((merged!.Id, merged.Clock, merged.BaseVersion), Is.EqualTo(("m1", Late, (long?)1)));
        Assert.That(merged.Data!["title"].GetString(), Is.EqualTo("b"));
        Assert.That((merged.BaseData!["title"].GetString(), merged.BaseData["done"].GetBoolean()), Is.EqualTo(("base", false)));
    }

    [Test]
    public void An_update_then_a_delete_is_the_delete_and_a_sent_mutation_is_never_merged_into()
    {
        var update = Mutation("m1", MutationOperation.Update, Early, FakeServer.Data(("title", "a")));
        var delete = Mutation("m2", MutationOperation.Delete, Late);
        Assert.That(Coalescing.Merge(update, delete).Merged!.Operation, Is.EqualTo(MutationOperation.Delete));
        Assert.That(Coalescing.Merge(update with { State = MutationStates.InFlight }, delete).Action, Is.EqualTo(CoalesceAction.Append));
        Assert.That(Coalescing.Merge(update with { State = MutationStates.Parked }, delete).Action, Is.EqualTo(CoalesceAction.Append));
    }

    [Test]
    public void Crdt_shows_a_pending_field_only_when_its_clock_is_later_than_the_fields()
    {
        var synced = Synced(Late, new Dictionary<string, string> { ["title"] = Late, ["done"] = Early });
        var pending = Mutation("m", MutationOperation.Update, Mid, FakeServer.Data(("title", "mine"), ("done", true)));
        var shown = Overlay.Display(SyncStrategy.Crdt, synced, [pending])!;
        Assert.That((shown["title"].GetString(), shown["done"].GetBoolean()), Is.EqualTo(("server", true)));
    }

    [Test]
    public void Last_write_wins_shows_a_pending_write_as_a_whole_by_record_clock_and_manual_always_shows_it()
    {
        var pending = Mutation("m", MutationOperation.Update, Mid, FakeServer.Data(("title", "mine")));
        Assert.That(Overlay.Display(SyncStrategy.LastWriteWins, Synced(Late), [pending])!["title"].GetString(), Is.EqualTo("server"));
        Assert.That(Overlay.Display(SyncStrategy.LastWriteWins, Synced(Early), [pending])!["title"].GetString(), Is.EqualTo("mine"));
        Assert.That(Overlay.Display(SyncStrategy.Manual, Synced(Late), [pending])!["title"].GetString(), Is.EqualTo("mine"));
    }

    [Test]
    public void A_delete_on_either_side_hides_the_record()
    {
        Assert.That(Overlay.Display(SyncStrategy.Crdt, Synced(Early) with { Deleted = true, Image = null }, [Mutation("m", MutationOperation.Update, Late, FakeServer.Data(("title", "x")))]), Is.Null);
        Assert.That(Overlay.Display(SyncStrategy.Crdt, Synced(Early), [Mutation("m", MutationOperation.Delete, Late)]), Is.Null);
    }

    [Test]
    public async Task A_server_value_this_schema_cannot_hold_skips_that_change_and_the_page_still_applies()
    {
        await using var h = await ClientHarness.OpenAsync("memory");
        h.Server.Change("todo", "bad", MutationOperation.Create, 1, Early, FakeServer.Data(("done", "not a boolean")));
        h.Server.Change("todo", "good", MutationOperation.Create, 1, Early, FakeServer.Data(("title", "fine")));
        var client = await h.StartAsync();
        await client.WaitForSyncAsync();
        Assert.That((await h.Todos.FindAsync(Querying.Query.All)).Select(r => r.Id), Is.EqualTo(new[] { "good" }));
        Assert.That(client.Status.Activity, Is.EqualTo(SyncActivity.Idle));
    }

    [Test]
    public async Task An_applied_result_whose_record_this_schema_cannot_hold_still_leaves_the_queue()
    {
        await using var h = await ClientHarness.OpenAsync("memory");
        var client = await h.StartAsync();
        h.Server.Script = m => m.RecordId == "odd" ? new SyncMutationApplied(m.Id, 1, ApplyOutcome.Merged, m.Clock, FakeServer.Data(("done", "not a boolean"))) : null;
        await h.Todos.CreateAsync(new Record { ["id"] = "odd", ["title"] = "x" });
        await h.Todos.CreateAsync(new Record { ["id"] = "next", ["title"] = "y" });
        await client.WaitForSyncAsync();
        Assert.That(await h.LogAsync(), Is.Empty);
        Assert.That(h.Server.Records.ContainsKey("todo/next"), Is.True);
        Assert.That(client.Status.Activity, Is.EqualTo(SyncActivity.Idle));
    }
}
