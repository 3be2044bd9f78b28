using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using ObjectQL.Sync.Server;
using ObjectQL.Sync.TestServer;

namespace ObjectQL.Sync.EndToEnd.Tests.Infrastructure;

/// <summary>
/// The test sync server (<see cref="SyncTestApp"/>: header authentication, <c>POST /api/sync</c>) on a real Kestrel at
/// 127.0.0.1 over a real SQLite file in its own folder, which it deletes when disposed.
/// </summary>
internal sealed class ServerHost : IAsyncDisposable
{
    private readonly string _directory;

    private ServerHost(string directory, WebApplication app)
    {
        _directory = directory;
        App = app;
        Address = SyncTestApp.Address(app);
    }

    public WebApplication App { get; }

    /// <summary>Where the server listens, e.g. <c>http://127.0.0.1:41234/</c>.</summary>
    public Uri Address { get; }

    /// <summary>The server's database.</summary>
    public ObjectQLDatabase Database => App.Services.GetRequiredService<ObjectQLDatabase>();

    /// <summary>The sync server (for pruning).</summary>
    public SyncServer Sync => App.Services.GetRequiredService<SyncServer>();

    public static async Task<ServerHost> StartAsync(SyncTestAppOptions? options = null)
    {
        var directory = Directory.CreateTempSubdirectory("objectql-e2e-server-").FullName;
        options ??= new SyncTestAppOptions();
        var app = SyncTestApp.Build(options with { SqlitePath = options.PostgresConnectionString is null ? Path.Combine(directory, "server.db") : null });
        await app.StartAsync();
        return new ServerHost(directory, app);
    }

    public async ValueTask DisposeAsync()
    {
        await App.StopAsync();
        await App.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }
}
