using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using ObjectQL.Querying;
using ObjectQL.Sync.Protocol;
using ObjectQL.Sync.Server.Tests.Model;
using ObjectQL.Sync.Server.Tests.Support;

namespace ObjectQL.Sync.Server.Tests.Server;

/// <summary>
/// A record's clock row is keyed by object and record id, or by their digest where that is no row id; rows an earlier
/// version keyed by the digest alone keep working: found, updated and deleted under the id they have.
/// </summary>
public abstract class ClockRowKeyTests
{
    private const string Clocks = "objectql_sync_record";

    /// <summary>A server over a new, empty store, and what to dispose when the test ends.</summary>
    private protected abstract Task<(ObjectQLDatabase Database, SyncServer Server, IAsyncDisposable Owner)> OpenAsync();

    [Test]
    public async Task A_new_clock_row_is_keyed_by_object_and_record_id_or_by_their_digest_when_that_is_no_row_id()
    {
        var (db, server, owner) = await OpenAsync();
        await using var _ = owner;
        var pusher = new TestClient();
        // Record ids of every character a todo's id takes, up to its longest ("todo_item:" and 119 characters is too long).
        string[] ids = ["plain", "a.B:c_9-e", new string('z', 118), new string('z', 119), new string('z', 128)];

        var pushed = await pusher.SyncAsync(server, ids.Select(id => pusher.Create(TestModel.Todo, id, ("title", "keyed"))).ToArray());

        Assert.That(pushed.Results, Has.All.TypeOf<SyncMutationApplied>());
        var clocks = db.System.Object(Clocks);
        string[] keys = ["todo_item:plain", "todo_item:a.B:c_9-e", "todo_item:" + new string('z', 118), Digest(ids[3]), Digest(ids[4])];
        for (var i = 0; i < ids.Length; i++)
        {
            var row = await clocks.FindOneAsync(keys[i]);
            Assert.That(row?["record_id"], Is.EqualTo(ids[i]), keys[i]);
        }
        Assert.That(await clocks.CountAsync(null), Is.EqualTo(ids.Length));
    }

    [Test]
    public async Task A_clock_row_keyed_by_the_digest_alone_is_found_and_updated_under_its_own_id()
    {
        var (db, server, owner, pusher) = await OpenWithDigestKeyedRecordAsync(TestModel.Todo, "legacy", "v1");
        await using var _ = owner;

        // Two updates in one push: the first reads the clocks with the chunk, the second on its own after the first wrote them.
        var pushed = await pusher.SyncAsync(server,
            pusher.Update(TestModel.Todo, "legacy", 1, ("title", "v2")), pusher.Update(TestModel.Todo, "legacy", 2, ("title", "v3")));
        // A write that is not a push's own: the log's stage reads the clocks itself.
        await db.Object(TestModel.Todo).UpdateAsync("legacy", new Record { ["title"] = "v4" });

        Assert.That(pushed.Results.Select(r => (r as SyncMutationApplied)?.ServerVersion), Is.EqualTo(new long?[] { 2, 3 }));
        var rows = await ClockRowsAsync(db, "legacy");
        Assert.That(rows.Select(r => r.Id), Is.EqualTo(new[] { Digest("legacy") }), "one clock row, under the id it had");
        Assert.That(Convert.ToInt64(rows[0]["version"], CultureInfo.InvariantCulture), Is.EqualTo(4));
        var latest = (await new TestClient().PullAllAsync(server)).Last(c => c.RecordId == "legacy");
        Assert.That(latest.ServerVersion, Is.EqualTo(4));
        Assert.That(latest.Data!["title"].GetString(), Is.EqualTo("v4"));
    }

    [Test]
    public async Task A_write_of_clocks_alone_goes_to_a_clock_row_keyed_by_the_digest_alone()
    {
        var (db, server, owner, pusher) = await OpenWithDigestKeyedRecordAsync(TestModel.Note, "legacy", "first");
        await using var _ = owner;
        await db.Object(TestModel.Note).UpdateAsync("legacy", new Record { ["title"] = "same" });
        var before = await ClockRowsAsync(db, "legacy");

        // crdt: the value the record already holds, written from version 1 with a later clock (a second ahead, well
        // within the drift the server admits), moves only the field's clock (no new version, no change row).
        var later = new Clocks.HlcTimestamp(DateTimeOffset.UtcNow.AddSeconds(1).ToUnixTimeMilliseconds(), 0, pusher.Id).ToString();
        var pushed = await pusher.SyncAsync(server, pusher.Update(TestModel.Note, "legacy", 1, ("title", "same")) with { Clock = later });

        Assert.That((pushed.Results[0] as SyncMutationApplied)?.ServerVersion, Is.EqualTo(2), "no new version");
        var rows = await ClockRowsAsync(db, "legacy");
        Assert.That(rows.Select(r => r.Id), Is.EqualTo(new[] { Digest("legacy", TestModel.Note) }), "one clock row, under the id it had");
        Assert.That(rows[0]["clock"], Is.EqualTo(later), "the record took the later clock");
        Assert.That(FieldClock(rows[0], "title"), Is.EqualTo(later), "the field took the later clock");
        Assert.That(FieldClock(before[0], "title"), Is.Not.EqualTo(later));
    }

    [Test]
    public async Task A_tombstone_keyed_by_the_digest_alone_is_found_so_a_create_over_it_meets_the_delete()
    {
        var (db, server, owner, pusher) = await OpenWithDigestKeyedRecordAsync(TestModel.Todo, "gone", "v1");
        await using var _ = owner;

        var deleted = await pusher.SyncAsync(server, pusher.Delete(TestModel.Todo, "gone", 1));
        var tombstone = await ClockRowsAsync(db, "gone");
        var again = await pusher.SyncAsync(server, pusher.Create(TestModel.Todo, "gone", ("title", "again")));

        Assert.That(deleted.Results[0], Is.TypeOf<SyncMutationApplied>());
        Assert.That(tombstone.Select(r => r.Id), Is.EqualTo(new[] { Digest("gone") }), "the tombstone stays in the row it had");
        Assert.That(tombstone[0]["deleted_clock"], Is.Not.Null);
        // Had the tombstone not been found, the create would have made the record again beside a second clock row.
        Assert.That((again.Results[0] as SyncMutationApplied)?.Outcome, Is.EqualTo(ApplyOutcome.Deleted), "the delete wins");
        Assert.That(await db.Object(TestModel.Todo).FindOneAsync("gone"), Is.Null);
        Assert.That((await ClockRowsAsync(db, "gone")).Select(r => r.Id), Is.EqualTo(new[] { Digest("gone") }), "still one clock row, under the id it had");
    }

    // A server holding one record created by the returned client, its clock row keyed as an earlier version keyed it.
    private async Task<(ObjectQLDatabase Database, SyncServer Server, IAsyncDisposable Owner, TestClient Pusher)> OpenWithDigestKeyedRecordAsync(
        string objectName, string recordId, string title)
    {
        var (db, server, owner) = await OpenAsync();
        var pusher = new TestClient();
        Assert.That((await pusher.SyncAsync(server, pusher.Create(objectName, recordId, ("title", title)))).Results[0], Is.TypeOf<SyncMutationApplied>());
        await RekeyAsDigestAsync(db, recordId, objectName);
        return (db, server, owner, pusher);
    }

    // Moves the record's clock row to the key every clock row had before (the digest of object and record id), its field
    // clocks written out per field as they were then ([clock, version] each, not the version alone for the record's clock).
    private static async Task RekeyAsDigestAsync(ObjectQLDatabase db, string recordId, string objectName)
    {
        var clocks = db.System.Object(Clocks);
        var row = (await clocks.FindOneAsync(objectName + ":" + recordId))!;
        await clocks.DeleteAsync(row.Id!);
        var legacy = new Record { ["id"] = Digest(recordId, objectName) };
        foreach (var field in new[] { "object_name", "record_id", "tenant_id", "version", "clock", "deleted_clock" })
        {
            legacy[field] = row[field];
        }
        var fields = new JsonObject();
        foreach (var (name, value) in JsonNode.Parse((string)row["fields"]!)!.AsObject())
        {
            fields[name] = value is JsonArray ? value.DeepClone() : new JsonArray((string)row["clock"]!, value!.GetValue<long>());
        }
        legacy["fields"] = fields.ToJsonString();
        await clocks.CreateAsync(legacy);
    }

    // The clock of a field as its clock row holds it: [clock, version], or the version alone at the record's clock.
    private static string FieldClock(Record row, string field) =>
        JsonNode.Parse((string)row["fields"]!)![field] is JsonArray written ? written[0]!.GetValue<string>() : (string)row["clock"]!;

    // Both objects' rows of the id: a test's record id is used by one object only.
    private static Task<IReadOnlyList<Record>> ClockRowsAsync(ObjectQLDatabase db, string recordId) =>
        db.System.Object(Clocks).FindAsync(new Query { Where = new Filter.Comparison("record_id", FilterOperator.Eq, recordId) });

    // The first 16 bytes of SHA-256 over "object\nrecord", lowercase hex.
    private static string Digest(string recordId, string objectName = TestModel.Todo) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(objectName + "\n" + recordId)).AsSpan(0, 16));
}
