// The offline PWA's server: the published app (examples/offline-pwa/App) and the sync endpoint on one origin, so the
// page needs no CORS, over a SQLite file. Publish the app, then start the server:
//   bash tests/setup/browser.sh    # once: sqlite-wasm (and the test tools) into artifacts/browser-tools
//   dotnet publish examples/offline-pwa/App -c Release -o artifacts/offline-pwa
//   dotnet run --project examples/offline-pwa/Host -- --urls http://127.0.0.1:5090
// Settings (command line or environment, OfflinePwa__WebRoot=...): --WebRoot (the published wwwroot),
// --Database (a SQLite connection string), --SeedTodos (that many to-dos created at start, for measuring a first pull),
// --StopWhenInputCloses (true: run until standard input closes, for tools that start it).
using System.Security.Cryptography;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using ObjectQL;
using ObjectQL.Sqlite;
using ObjectQL.Sync.Server;
using ObjectQL.Sync.Server.Configuration;
using OfflinePwa.Host;
using OfflinePwa.Model;

var builder = WebApplication.CreateSlimBuilder(args);
builder.Configuration.AddEnvironmentVariables("OfflinePwa__");
var settings = HostSettings.Read(builder.Configuration, builder.Environment);

builder.Services.AddAuthentication(DemoToken.SchemeName).AddScheme<AuthenticationSchemeOptions, DemoToken>(DemoToken.SchemeName, null);
builder.Services.AddAuthorization();
builder.Services
    .AddObjectQL(db => db.UseSqlite(settings.Database).AddModel(AppModel.Objects))
    .AddSyncServer(new SyncServerOptions
    {
        // A demo key made for this process: after a restart clients resync (never a silent gap). A real server reads
        // one key from its secret store (examples/Server, Sync:CheckpointKey).
        CheckpointKeys = new Dictionary<byte, byte[]> { [1] = RandomNumberGenerator.GetBytes(32) },
        CurrentCheckpointKeyId = 1,
        // The app asks for pages of 5,000 changes (TodoApp.cs); about 3.4 MB of the to-dos' JSON, which the default
        // byte budget of 1 MiB would cut into pages of about 1,500.
        Endpoint = new SyncEndpointConfig { MaxChangeBytesPerResponse = 4 << 20 },
    });
if (settings.SeedTodos > 0)
{
    // After AddObjectQL's hosted service, so it runs on the open database, and before Kestrel listens.
    builder.Services.AddSingleton(settings).AddHostedService<Seed>();
}

var app = builder.Build();
app.UseAuthentication();
app.UseAuthorization();
app.UseAppFiles(settings.WebRoot);
// The REST API lets tools and the end-to-end tests read what the server holds.
app.MapObjectQL("/api/data");
app.MapObjectQLSync().RequireAuthorization();
await app.StartAsync();
Console.WriteLine($"listening {app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First()}");
if (settings.StopWhenInputCloses)
{
    // Started by a tool (the end-to-end tests), which stops the server by closing standard input.
    await Console.In.ReadToEndAsync();
    await app.StopAsync();
}
else
{
    await app.WaitForShutdownAsync();
}
