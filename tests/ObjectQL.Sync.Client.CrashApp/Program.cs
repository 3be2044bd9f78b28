using ObjectQL;
using ObjectQL.Sqlite;
using ObjectQL.Sync.Client;
using ObjectQL.Sync.Client.Tests;
using ObjectQL.Sync.Protocol;

// Usage: CrashApp <mode> <sqlite file>. Each mode reaches its crash point, prints a line naming it and waits to be
// killed, so the parent test kills the process exactly there.
var mode = args[0];
var file = args[1];
var server = new FakeServer();
var plugin = new SyncClientPlugin(new SyncClientOptions { ServerUrl = new Uri("http://127.0.0.1:9/"), SyncInterval = TimeSpan.FromHours(1) }, server);
await using var database = await ObjectQLDatabase.CreateBuilder().UseDriver(new SqliteDriver($"Data Source={file}"))
    .AddModel(TestModel.Model).AddPlugin(plugin).OpenAsync();

switch (mode)
{
    case "after-write":
        await database.Object("todo").CreateAsync(new Record { ["id"] = "w1", ["title"] = "written before the crash" });
        await Reached("WRITTEN");
        break;
    case "after-server-commit":
        await database.Object("todo").CreateAsync(new Record { ["id"] = "s1", ["title"] = "sent" });
        // The server has the mutation (the parent's server is told its id) but the answer never arrives.
        server.BeforeAnswer = async request =>
        {
            Console.WriteLine("APPLIED " + string.Join(",", request.Mutations.Select(m => m.Id)));
            await Reached("COMMITTED");
        };
        await plugin.StartAsync();
        await Task.Delay(Timeout.Infinite);
        break;
    case "hold-engine":
        // The engine runs and holds the store's lease until the process is killed.
        await plugin.StartAsync();
        await Reached("ENGINE");
        break;
    case "mid-merge":
        for (var i = 1; i <= 3; i++)
        {
            server.Change("todo", $"m{i}", MutationOperation.Create, 1, $"2026-12-03T09:00:0{i}.000Z-00000000-server", FakeServer.Data(("title", $"m{i}")));
        }
        var applied = 0;
        database.Hooks.Before(HookOperation.Create, "todo", async (context, ct) =>
        {
            if (++applied == 2)
            {
                await Reached("MERGING");
            }
        });
        await plugin.StartAsync();
        await Task.Delay(Timeout.Infinite);
        break;
}

static async Task Reached(string point)
{
    Console.WriteLine(point);
    await Console.Out.FlushAsync();
    await Task.Delay(Timeout.Infinite);
}
