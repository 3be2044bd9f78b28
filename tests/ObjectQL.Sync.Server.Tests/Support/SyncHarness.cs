using System.Globalization;
using System.Text.Json;
using ObjectQL.Sync.Protocol;
using ObjectQL.Sync.Server.Configuration;

namespace ObjectQL.Sync.Server.Tests.Support;

/// <summary>
/// A real store with the test model, the sync server plugin, and the server over it: a SQLite file here
/// (SyncHarnessStore.cs); tests/ObjectQL.Cloudflare.Tests compiles the same tests with its D1 store.
/// </summary>
internal sealed class SyncHarness : IAsyncDisposable
{
    private readonly string? _ownedDirectory;

    private SyncHarness(string directory, bool ownsDirectory, ObjectQLDatabase database, SyncServer server)
    {
        Directory = directory;
        _ownedDirectory = ownsDirectory ? directory : null;
        Database = database;
        Server = server;
    }

    /// <summary>The directory holding <c>server.db</c>.</summary>
    public string Directory { get; }

    public ObjectQLDatabase Database { get; }

    public SyncServer Server { get; }

    public static byte[] Key(byte seed) => Enumerable.Repeat(seed, 32).ToArray();

    public static SyncServerOptions Options(SyncEndpointConfig? endpoint = null, bool openObjects = false, TimeProvider? time = null) => new()
    {
        Endpoint = endpoint ?? new SyncEndpointConfig(),
        CheckpointKeys = new Dictionary<byte, byte[]> { [1] = Key(7) },
        CurrentCheckpointKeyId = 1,
        SyncObjectsWithoutPermissions = openObjects,
        TimeProvider = time,
    };

    /// <summary>Opens a server over <c>server.db</c> in <paramref name="directory"/> (kept on dispose), or in a new temporary one (deleted).</summary>
    public static async Task<SyncHarness> OpenSqliteAsync(SyncServerOptions? options = null, string? directory = null)
    {
        var owns = directory is null;
        directory ??= System.IO.Directory.CreateTempSubdirectory("objectql-sync-server-").FullName;
        options ??= Options();
        await SyncHarnessStore.PrepareAsync(directory);
        var database = await ObjectQLDatabase.CreateBuilder()
            .UseStore(directory)
            .AddModel(TestModel.Objects)
            .AddPlugin(new SyncServerPlugin(options))
            .ConfigureOptions(o => options.TimeProvider is { } time ? o with { TimeProvider = time } : o)
            .OpenAsync();
        return new SyncHarness(directory, owns, database, await SyncServer.CreateAsync(database));
    }

    public static string NewDirectory() => System.IO.Directory.CreateTempSubdirectory("objectql-sync-server-").FullName;

    public async ValueTask DisposeAsync()
    {
        await Database.DisposeAsync();
        SyncHarnessStore.Release(Directory);
        if (_ownedDirectory is null)
        {
            return;
        }
        try
        {
            System.IO.Directory.Delete(_ownedDirectory, recursive: true);
        }
        // A file still held by the pool on some platforms; the temp directory is cleaned by the OS.
        catch (IOException)
        {
        }
    }
}

/// <summary>A sync client as the wire sees it: an id, an epoch, a sequence and a clock; it builds requests.</summary>
internal sealed class TestClient(string? userId = null, string? tenantId = null)
{
    private long _wall = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
    private uint _counter;

    public string Id { get; init; } = Guid.NewGuid().ToString();

    public ObjectQLContext Context { get; init; } = TestModel.User(userId ?? "user-" + Guid.NewGuid().ToString("N")[..8]) with { TenantId = tenantId };

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
