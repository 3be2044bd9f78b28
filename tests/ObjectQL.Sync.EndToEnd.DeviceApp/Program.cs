using ObjectQL;
using ObjectQL.Sqlite;
using ObjectQL.Sync.Client;
using ObjectQL.Sync.Client.Transport;
using ObjectQL.Sync.TestServer;

// Usage: DeviceApp <server url> <sqlite file> <notes to write>
// Opens the device, writes that many notes unless the file already has them (a restart), prints "WRITTEN", then syncs
// until nothing is pending and prints "SYNCED". The parent test kills it while its push is in flight.
var server = new Uri(args[0]);
var file = args[1];
var count = int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture);

using var http = new HttpClient { BaseAddress = server, Timeout = Timeout.InfiniteTimeSpan };
http.DefaultRequestHeaders.ConnectionClose = true;
http.DefaultRequestHeaders.Add(HeaderAuthentication.UserHeader, "alice");
http.DefaultRequestHeaders.Add(HeaderAuthentication.RolesHeader, "member");
var options = new SyncClientOptions { ServerUrl = server, MinBackoff = TimeSpan.FromMilliseconds(20), MaxBackoff = TimeSpan.FromMilliseconds(200), RequestTimeout = TimeSpan.FromMinutes(2) };
var plugin = new SyncClientPlugin(options, new HttpSyncTransport(http, options));
await using var database = await ObjectQLDatabase.CreateBuilder()
    .UseSqlite($"Data Source={file};Pooling=False")
    .AddModel(SyncTestModel.Objects)
    .AddPlugin(plugin)
    .OpenAsync();
var notes = database.ForUser("alice", "member").Object(SyncTestModel.NoteName);
if (await notes.CountAsync() == 0)
{
    await notes.CreateManyAsync([.. Enumerable.Range(0, count).Select(i => new Record { ["title"] = $"note {i}", ["rank"] = i })]);
}
Console.WriteLine("WRITTEN");
await using var client = await plugin.StartAsync();
for (var attempt = 0; client.Status.PendingCount > 0 || attempt == 0; attempt++)
{
    try
    {
        await client.WaitForSyncAsync();
    }
    catch (SyncTransportException) when (attempt < 50)
    {
    }
}
Console.WriteLine($"SYNCED pending={client.Status.PendingCount} parked={client.Status.Parked.Count}");
