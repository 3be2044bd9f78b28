using System.Net.Http.Headers;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using ObjectQL.Drivers;
using ObjectQL.Metadata;
using ObjectQL.Sync.Protocol;
using ObjectQL.Sync.Server;
using ObjectQL.Sync.Server.Configuration;
using ObjectQL.Sync.TestServer;
using ObjectQL.Testing.Postgres;

namespace ObjectQL.Sync.Benchmarks;

/// <summary>The stores the benchmarks run on, side by side.</summary>
public enum Store
{
    /// <summary>A SQLite file (WAL).</summary>
    Sqlite,

    /// <summary>PostgreSQL over loopback, a cluster this process starts.</summary>
    Postgres,
}

/// <summary>
/// The real sync server (<c>AddSyncServer</c> + <c>MapObjectQLSync</c>) on Kestrel over a fresh store, with an echo
/// endpoint on the same server (the HTTP half of the limit) and a client speaking to both.
/// </summary>
public sealed class BenchServer : IAsyncDisposable
{
    public const string EchoPath = "/echo";
    private readonly string? _directory;
    private readonly string? _postgres;

    private BenchServer(WebApplication app, string? directory, string? postgres)
    {
        App = app;
        _directory = directory;
        _postgres = postgres;
        Client = new HttpClient { BaseAddress = SyncTestApp.Address(app) };
    }

    public WebApplication App { get; }

    public HttpClient Client { get; }

    /// <summary>The page size every request asks for (<c>X-ObjectQL-Sync-Page-Size</c>); null asks for none.</summary>
    public int? PageSize { get; set; }

    public SyncServer Server => App.Services.GetRequiredService<SyncServer>();

    public ObjectQLDatabase Database => App.Services.GetRequiredService<ObjectQLDatabase>();

    /// <summary>Where the store is: a SQLite path or a PostgreSQL connection string.</summary>
    public string ConnectionString => _postgres ?? $"Data Source={Path.Combine(_directory!, "bench.db")}";

    public static async Task<BenchServer> StartAsync(
        Store store, int maxMutationsPerRequest = 1000, Func<IObjectQLDriver, IObjectQLDriver>? decorateDriver = null, int? maxMutationsPerTransaction = null,
        int maxChangeBytesPerResponse = 1 << 20)
    {
        var endpoint = new SyncEndpointConfig { MaxMutationsPerRequest = maxMutationsPerRequest, MaxRequestBytes = 64 << 20, MaxChangesPerResponse = 500, MaxChangeBytesPerResponse = maxChangeBytesPerResponse };
        var directory = store == Store.Sqlite ? Directory.CreateTempSubdirectory("objectql-sync-bench-").FullName : null;
        var postgres = store == Store.Postgres ? PostgresCluster.CreateDatabase("sync_bench") : null;
        var app = SyncTestApp.Build(new SyncTestAppOptions
        {
            SqlitePath = directory is null ? null : Path.Combine(directory, "bench.db"),
            PostgresConnectionString = postgres,
            Endpoint = maxMutationsPerTransaction is { } perTransaction ? endpoint with { MaxMutationsPerTransaction = perTransaction } : endpoint,
            ConfigurePipeline = app => app.MapPost(EchoPath, EchoAsync),
            DecorateDriver = decorateDriver,
        });
        await app.StartAsync();
        return new BenchServer(app, directory, postgres);
    }

    /// <summary>Posts a push as <paramref name="user"/> and reads the answer as a client does.</summary>
    public async Task<SyncPushResponse> SyncAsync(byte[] body, string user) => SyncJson.ReadResponse(await SendAsync(body, user));

    private async Task<byte[]> SendAsync(byte[] body, string user)
    {
        using var message = new HttpRequestMessage(HttpMethod.Post, SyncProtocol.DefaultPath) { Content = Json(body) };
        message.Headers.Add(HeaderAuthentication.UserHeader, user);
        message.Headers.Add(HeaderAuthentication.RolesHeader, "member");
        message.Headers.Add(SyncProtocol.VersionHeader, "1");
        if (PageSize is { } pageSize)
        {
            message.Headers.Add(SyncProtocol.PageSizeHeader, pageSize.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
        using var response = await Client.SendAsync(message);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"Sync answered {(int)response.StatusCode}: {System.Text.Encoding.UTF8.GetString(bytes)}");
        }
        return bytes;
    }

    /// <summary>Pulls as <paramref name="clientId"/> from <paramref name="checkpoint"/> until nothing more waits; the changes received.</summary>
    public async Task<int> PullAllAsync(string clientId, string? checkpoint)
    {
        var received = 0;
        while (true)
        {
            var page = await SyncAsync(NotePushes.Pull(clientId, checkpoint), "reader");
            received += page.ServerChanges.Count;
            checkpoint = page.Checkpoint;
            if (!page.HasMore)
            {
                return received;
            }
        }
    }

    /// <summary>The answers' bodies of a whole pull, as sent (what the echo half of a pull's limit moves).</summary>
    public async Task<IReadOnlyList<byte[]>> PullPagesAsync(string clientId, string? checkpoint)
    {
        var pages = new List<byte[]>();
        while (true)
        {
            var body = await SendAsync(NotePushes.Pull(clientId, checkpoint), "reader");
            pages.Add(body);
            var page = SyncJson.ReadResponse(body);
            checkpoint = page.Checkpoint;
            if (!page.HasMore)
            {
                return pages;
            }
        }
    }

    /// <summary>
    /// Writes <paramref name="rows"/> notes through the pipeline, 1000 per transaction, as the system (each transaction's
    /// before-commit stage logs them, as any write path does).
    /// </summary>
    public async Task SeedNotesAsync(int rows)
    {
        var notes = new NotePushes();
        for (var written = 0; written < rows; written += BenchSizes.Push)
        {
            var request = notes.NextRequest(Math.Min(BenchSizes.Push, rows - written), "seed");
            var records = request.Mutations.Select(m => new Record
            {
                [SystemFields.Id] = m.RecordId,
                ["title"] = m.Data!["title"].GetString(),
                ["body"] = m.Data["body"].GetString(),
                ["writer"] = m.Data["writer"].GetString(),
                ["rank"] = m.Data["rank"].GetDouble(),
            }).ToList();
            await Database.System.Object(SyncTestModel.NoteName).CreateManyAsync(records);
        }
    }

    /// <summary>Posts each of <paramref name="bodies"/> to the echo endpoint in turn; the bytes read back.</summary>
    public async Task<int> EchoAllAsync(IReadOnlyList<byte[]> bodies)
    {
        var bytes = 0;
        foreach (var body in bodies)
        {
            bytes += await EchoAsync(body);
        }
        return bytes;
    }

    /// <summary>Posts <paramref name="body"/> to the echo endpoint and reads it back.</summary>
    public async Task<int> EchoAsync(byte[] body)
    {
        using var response = await Client.PostAsync(EchoPath, Json(body));
        return (await response.Content.ReadAsByteArrayAsync()).Length;
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await App.StopAsync();
        await App.DisposeAsync();
        if (_postgres is not null)
        {
            PostgresCluster.DropDatabase(_postgres);
        }
        if (_directory is not null)
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    private static ByteArrayContent Json(byte[] body)
    {
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        return content;
    }

    // Reads the whole body and writes it back: what any endpoint pays to move the same bytes over HTTP.
    private static async Task EchoAsync(HttpContext context)
    {
        using var buffer = new MemoryStream();
        await context.Request.Body.CopyToAsync(buffer);
        context.Response.ContentType = "application/json";
        context.Response.ContentLength = buffer.Length;
        await context.Response.Body.WriteAsync(buffer.GetBuffer().AsMemory(0, (int)buffer.Length));
    }
}
