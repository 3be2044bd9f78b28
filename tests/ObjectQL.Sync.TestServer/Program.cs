using ObjectQL.Sync.TestServer;

// dotnet ObjectQL.Sync.TestServer.dll (--postgres "<connection string>" | --sqlite <path>) [--checkpoint-key <base64>]
//     [--commit-delay-ms <n>]
// Prints "listening <address>" once it serves, then runs until its standard input closes.
string? Option(string name) => Array.IndexOf(args, name) is var i and >= 0 && i + 1 < args.Length ? args[i + 1] : null;

var app = SyncTestApp.Build(new SyncTestAppOptions
{
    SqlitePath = Option("--sqlite"),
    PostgresConnectionString = Option("--postgres"),
    CheckpointKey = Option("--checkpoint-key") is { } key ? Convert.FromBase64String(key) : null,
    CommitDelay = TimeSpan.FromMilliseconds(int.Parse(Option("--commit-delay-ms") ?? "0", System.Globalization.CultureInfo.InvariantCulture)),
});
await app.StartAsync();
Console.WriteLine($"listening {SyncTestApp.Address(app)}");
await Console.In.ReadToEndAsync();
await app.StopAsync();
