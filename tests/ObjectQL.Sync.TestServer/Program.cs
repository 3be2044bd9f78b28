using Microsoft.Extensions.DependencyInjection;
using ObjectQL.Sync.TestServer;

// dotnet ObjectQL.Sync.TestServer.dll (--postgres "<connection string>" | --sqlite <path>) [--checkpoint-key <base64>]
//     [--commit-delay-ms <n>] [--max-changes <n>]
// Prints "listening <address>" once it serves, then runs until its standard input closes.
string? Option(string name) => Array.IndexOf(args, name) is var i and >= 0 && i + 1 < args.Length ? args[i + 1] : null;

var app = SyncTestApp.Build(new SyncTestAppOptions
{
    SqlitePath = Option("--sqlite"),
    PostgresConnectionString = Option("--postgres"),
    CheckpointKey = Option("--checkpoint-key") is { } key ? Convert.FromBase64String(key) : null,
    CommitDelay = TimeSpan.FromMilliseconds(int.Parse(Option("--commit-delay-ms") ?? "0", System.Globalization.CultureInfo.InvariantCulture)),
    Endpoint = Option("--max-changes") is { } pageSize
        ? new ObjectQL.Sync.Server.Configuration.SyncEndpointConfig { MaxChangesPerResponse = int.Parse(pageSize, System.Globalization.CultureInfo.InvariantCulture) }
        : new(),
});
await app.StartAsync();
if (Option("--commit-delay-ms") is not null)
{
    // Held again after the sync server took the position: concurrent positions in flight, which pulls must wait for.
    var delay = TimeSpan.FromMilliseconds(int.Parse(Option("--commit-delay-ms")!, System.Globalization.CultureInfo.InvariantCulture));
    CommitDelayPlugin.Hold(app.Services.GetRequiredService<ObjectQL.ObjectQLDatabase>(), delay);
}
Console.WriteLine($"listening {SyncTestApp.Address(app)}");
await Console.In.ReadToEndAsync();
await app.StopAsync();
