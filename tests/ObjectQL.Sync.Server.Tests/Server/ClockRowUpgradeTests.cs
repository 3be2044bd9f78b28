using System.Security.Cryptography;
using System.Text;
using ObjectQL.Metadata;
using ObjectQL.Sync.Protocol;
using ObjectQL.Sync.Server.Tests.Support;

namespace ObjectQL.Sync.Server.Tests.Server;

/// <summary>
/// A store whose clock rows an earlier version wrote: their (object_name, record_id) index not unique, a row keyed by the
/// digest with its field clocks written out per field. Opening it with this version makes a unique (record_id,
/// object_name) index in its place, and its rows are found by record and object id as before.
/// </summary>
public abstract class ClockRowUpgradeTests
{
    private const string Clocks = "objectql_sync_record";

    /// <summary>The same store at every call (a file, a database), empty at the first.</summary>
    private protected abstract ObjectQLDatabaseBuilder UseStore(ObjectQLDatabaseBuilder builder);

    [Test]
    public async Task A_store_whose_clock_index_is_not_unique_gets_a_unique_one_and_its_rows_are_found()
    {
        var earlierClock = new Clocks.HlcTimestamp(DateTimeOffset.UtcNow.AddMinutes(-5).ToUnixTimeMilliseconds(), 0, "server-earlier").ToString();
        await using (var earlier = await UseStore(ObjectQLDatabase.CreateBuilder()).AddModel(TestModel.Objects).AddPlugin(EarlierClockRows()).OpenAsync())
        {
            await earlier.System.Object(Clocks).CreateAsync(ClockRow(Digest(TestModel.Todo, "gone"), "gone", earlierClock, deleted: true, "{}"));
            await earlier.System.Object(Clocks).CreateAsync(ClockRow(Digest(TestModel.Todo, "kept"), "kept", earlierClock, deleted: false, $"{{\"title\":[\"{earlierClock}\",1]}}"));
        }

        var database = await UseStore(ObjectQLDatabase.CreateBuilder()).AddModel(TestModel.Objects).AddPlugin(new SyncServerPlugin(SyncHarness.Options())).OpenAsync();
        await using var _ = database;
        var server = await SyncServer.CreateAsync(database);
        var pusher = new TestClient();
        var again = await pusher.SyncAsync(server, pusher.Create(TestModel.Todo, "gone", ("title", "again")));

        Assert.That((again.Results[0] as SyncMutationApplied)?.Outcome, Is.EqualTo(ApplyOutcome.Deleted), "the tombstone an earlier version wrote is found");
        // One record, one clock row: a second row of a record is refused by the index the open made unique.
        var second = Assert.ThrowsAsync<ObjectQLException>(() => database.System.Object(Clocks).CreateAsync(ClockRow(TestModel.Todo + ":kept", "kept", earlierClock, deleted: false, "{}")));
        Assert.That(second!.Code, Is.EqualTo(ErrorCodes.Conflict));
        Assert.That(await database.System.Object(Clocks).CountAsync(), Is.EqualTo(2));
    }

    private static Record ClockRow(string id, string recordId, string clock, bool deleted, string fields) => new()
    {
        ["id"] = id,
        ["object_name"] = TestModel.Todo,
        ["record_id"] = recordId,
        ["version"] = deleted ? 2d : 1d,
        ["clock"] = clock,
        ["deleted_clock"] = deleted ? clock : null,
        ["fields"] = fields,
    };

    private static string Digest(string objectName, string recordId) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(objectName + "\n" + recordId)).AsSpan(0, 16));

    // The clock rows' object as earlier versions declared it: the same table, its (object_name, record_id) index not unique.
    private static EarlierSystemObject EarlierClockRows() => new(
        Clocks, "_objectql_sync_records",
        [
            EarlierSystemObject.Text("object_name"), EarlierSystemObject.Text("record_id"), EarlierSystemObject.Text("tenant_id"),
            EarlierSystemObject.Field("version", FieldType.Number), EarlierSystemObject.Text("clock"), EarlierSystemObject.Text("deleted_clock"),
            EarlierSystemObject.Field("fields", FieldType.Textarea),
        ],
        EarlierSystemObject.Index("object_name", "record_id"));
}
