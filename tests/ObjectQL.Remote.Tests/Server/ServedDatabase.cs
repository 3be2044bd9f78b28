using ObjectQL.AspNetCore.Rest;
using ObjectQL.Sqlite;
using Remote.Model;

namespace ObjectQL.Remote.Tests.Server;

/// <summary>
/// A SQLite file with the generated model (<see cref="AppModel"/>) served by a <see cref="LiveServer"/>, and remote
/// sessions to it as one of its callers: <c>alice</c> (admin), <c>gus</c> (guest) or <c>system</c>.
/// </summary>
internal sealed class ServedDatabase : IAsyncDisposable
{
    public const string Alice = "alice";
    public const string Guest = "gus";
    public const string System = "system";

    private static readonly Dictionary<string, ObjectQLContext> Callers = new()
    {
        [Alice] = ObjectQLContext.ForUser(Alice, "admin"),
        [Guest] = ObjectQLContext.ForUser(Guest, "guest"),
        [System] = ObjectQLContext.System,
    };

    private readonly string _path;
    private readonly HttpClient _client = new();

    private ServedDatabase(string path, ObjectQLDatabase database, LiveServer server)
    {
        _path = path;
        Database = database;
        Server = server;
    }

    /// <summary>The server's database, for checking what a remote call stored.</summary>
    public ObjectQLDatabase Database { get; }

    public LiveServer Server { get; }

    public static async Task<ServedDatabase> StartAsync(Action<ObjectQLApiOptions>? api = null)
    {
        var path = Path.Combine(Path.GetTempPath(), $"remote-{Guid.NewGuid():N}.db");
        var database = await ObjectQLDatabase.OpenAsync(new SqliteDriver($"Data Source={path}"), AppModel.Objects);
        // todo_item.owner is a lookup to user, so the owners the tests name are users of the database, as in an application.
        await database.System.Object("user").CreateManyAsync(
            [.. new[] { Alice, "bob", Guest }.Select(static id => new Record { ["id"] = id, ["name"] = id, ["email"] = $"{id}@example.com" })]);
        return new ServedDatabase(path, database, await LiveServer.StartAsync(database, Callers, api));
    }

    /// <summary>A remote session authenticated as <paramref name="token"/> (null sends no token).</summary>
    public RemoteSession Session(string? token, int pageSize = 1000) => new(_client, AppModel.Objects, new RemoteSessionOptions
    {
        Endpoint = Server.Endpoint,
        AccessToken = _ => ValueTask.FromResult(token),
        PageSize = pageSize,
    });

    public async ValueTask DisposeAsync()
    {
        _client.Dispose();
        await Server.DisposeAsync();
        await Database.DisposeAsync();
        foreach (var suffix in new[] { "", "-wal", "-shm" })
        {
            File.Delete(_path + suffix);
        }
    }
}
