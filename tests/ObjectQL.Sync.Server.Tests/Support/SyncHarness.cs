using System.Globalization;
using System.Text.Json;
using ObjectQL.Sqlite;
using ObjectQL.Sync.Protocol;
using ObjectQL.Sync.Server.Configuration;

namespace ObjectQL.Sync.Server.Tests.Support;

/// <summary>A real SQLite file with the test model, the sync server plugin, and the server over it.</summary>
internal sealed class SyncHarness : IAsyncDisposable
{
    private readonly string _directory;

    private SyncHarness(string directory, ObjectQLDatabase database, SyncServer server)
    {
        _directory = directory;
        Database = database;
        Server = server;
    }

    public ObjectQLDatabase Database { get; }

    public SyncServer Server { get; }

    public static SyncServerOptions Options(SyncEndpointConfig? endpoint = null, bool openObjects = false, TimeProvider? time = null) => new()
    {
        Endpoint = endpoint ?? new SyncEndpointConfig(),
        CheckpointKeys = new Dictionary<byte, byte[]> { [1] = Enumerable.Repeat((byte)7, 32).ToArray() },
        CurrentCheckpointKeyId = 1,
        SyncObjectsWithoutPermissions = openObjects,
        TimeProvider = time,
    };

    public static async Task<SyncHarness> OpenSqliteAsync(SyncServerOptions? options = null, string? directory = null)
    {
        directory ??= Directory.CreateTempSubdirectory("objectql-sync-server-").FullName;
        var database = await ObjectQLDatabase.CreateBuilder()
            .UseSqlite($"Data Source={Path.Combine(directory, "server.db")}")
            .AddModel(TestModel.Objects)
            .AddPlugin(new SyncServerPlugin(options ?? Options()))
            .OpenAsync();
        return new SyncHarness(directory, database, await SyncServer.CreateAsync(database));
    }

    public async ValueTask DisposeAsync()
    {
        await Database.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        // A file still held by the pool on some platforms; the temp directory is cleaned by the OS.
        catch (IOException)
        {
        }
    }
}

/// <summary>A sync client as the wire sees it: an id, an epoch, a sequence and a clock; it builds requests.</summary>
internal sealed class TestClient(string? userId = null)
{
    private long _wall = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
    private uint _counter;

    public string Id { get; } = Guid.NewGuid().ToString();

    public ObjectQLContext Context { get; } = TestModel.User(userId ?? "user-" + Guid.NewGuid().ToString("N")[..8]);

    public long Epoch { get; set; } = 1;

    public long Sequence { get; set; }

    public string? Checkpoint { get; set; }

    public string NextClock() => new Clocks.HlcTimestamp(_wall, ++_counter, Id).ToString();

    public MutationLogEntry Create(string objectName, string recordId, params (string Field, object? Value)[] data) =>
        Mutation(objectName, recordId, MutationOperation.Create, null, data);

    public MutationLogEntry Update(string objectName, string recordId, long baseVersion, params (string Field, object? Value)[] data) =>
        Mutation(objectName, recordId, MutationOperation.Update, baseVersion, data);

    public MutationLogEntry Delete(string objectName, string recordId, long baseVersion) =>
        Mutation(objectName, recordId, MutationOperation.Delete, baseVersion, []);

    public MutationLogEntry Mutation(string objectName, string recordId, MutationOperation operation, long? baseVersion, (string Field, object? Value)[] data) => new(
        Guid.CreateVersion7().ToString(), objectName, recordId, operation,
        DateTimeOffset.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture), Id, ++Sequence, baseVersion, NextClock(),
        operation == MutationOperation.Delete ? null : data.ToDictionary(d => d.Field, d => Json(d.Value), StringComparer.Ordinal));

    public SyncPushRequest Request(params MutationLogEntry[] mutations) => new(Id, Epoch, NextClock(), mutations, Checkpoint);

    /// <summary>Pushes and keeps the checkpoint, as a client does.</summary>
    public async Task<SyncPushResponse> SyncAsync(SyncServer server, params MutationLogEntry[] mutations)
    {
        var response = await server.HandleAsync(Request(mutations), Context);
        Checkpoint = response.Checkpoint;
        return response;
    }

    /// <summary>Pulls until <c>hasMore</c> is false and returns every change received.</summary>
    public async Task<List<SyncServerChange>> PullAllAsync(SyncServer server)
    {
        var changes = new List<SyncServerChange>();
        SyncPushResponse response;
        var pages = 0;
        do
        {
            response = await SyncAsync(server);
            changes.AddRange(response.ServerChanges);
            Assert.That(++pages, Is.LessThan(10_000), "the delta never ended");
        }
        while (response.HasMore);
        return changes;
    }

    public static JsonElement Json(object? value) => Resolution.JsonValues.Parse(value switch
    {
        null => "null",
        bool b => b ? "true" : "false",
        string s => JsonSerializer.Serialize(s, TestJsonContext.Default.String),
        _ => Convert.ToString(value, CultureInfo.InvariantCulture)!,
    });
}

[System.Text.Json.Serialization.JsonSerializable(typeof(string))]
internal sealed partial class TestJsonContext : System.Text.Json.Serialization.JsonSerializerContext;
