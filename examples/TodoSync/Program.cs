// The main example: offline-first sync of typed objects. An in-process sync server on 127.0.0.1 and two devices of one
// user (a phone and a laptop), each on its own embedded SQLite file. Both go offline, edit (the same records, too),
// come back and sync; one object per conflict strategy. Run it with:
//   dotnet run --project examples/TodoSync [-- <a folder that does not exist yet>]
using ObjectQL;
using ObjectQL.Sync.Client;
using TodoSync;
using TodoSync.Model;

var (folder, refusal) = DemoFolder.Create(args.Length > 0 ? args[0] : null);
if (folder is null)
{
    Console.Error.WriteLine(refusal);
    return 2;
}
Console.WriteLine($"Files of this run: {folder}");

// 1. The server, with Ada's profile, a project and a to-do.
await using var server = await DemoServer.StartAsync(Path.Combine(folder, "server.db"));
await server.Database.System.Users().CreateAsync(new User { Id = "ada", Name = "Ada", Email = "ada@example.com" });
var launch = await server.Database.System.Projects().CreateAsync(new Project { Name = "Launch", Budget = 1000m });
var venue = await server.Database.System.TodoItems().CreateAsync(new TodoItem { Title = "Book the venue", Owner = "ada", Project = launch.Id });
Console.WriteLine($"Server listening on {server.Address}");

// 2. Two devices. The manual strategy (project) asks the app: here it keeps the larger budget and says so.
var conflicts = new List<string>();
SyncConflictHandler keepLargerBudget = (conflict, _) =>
{
    var mine = Convert.ToDecimal(conflict.LocalRecord?["budget"] ?? 0m, System.Globalization.CultureInfo.InvariantCulture);
    var theirs = Convert.ToDecimal(conflict.ServerRecord["budget"] ?? 0m, System.Globalization.CultureInfo.InvariantCulture);
    var chosen = Math.Max(mine, theirs);
    conflicts.Add($"{conflict.ObjectName} '{conflict.ServerRecord["name"]}': fields [{string.Join(", ", conflict.ConflictingFields)}] "
        + $"this device {mine} vs server {theirs} -> onConflict keeps the larger, {chosen}");
    return ValueTask.FromResult(chosen == theirs ? ConflictAnswer.KeepServer : ConflictAnswer.Push(new Record { ["budget"] = chosen }));
};
await using var phone = await DemoDevice.OpenAsync("phone", Path.Combine(folder, "phone.db"), server.Address, keepLargerBudget);
await using var laptop = await DemoDevice.OpenAsync("laptop", Path.Combine(folder, "laptop.db"), server.Address, keepLargerBudget);
await phone.Client.WaitForSyncAsync();
await laptop.Client.WaitForSyncAsync();
await Report.ShowAsync("After the first sync", phone, laptop);

// 3. Both go offline and edit. Local reads and writes never wait for the network.
phone.Network.SetOnline(false);
laptop.Network.SetOnline(false);
Console.WriteLine();
Console.WriteLine("Both devices go offline and edit:");
await phone.Session.TodoItems().UpdateAsync(venue.Id!, new TodoItemPatch { Done = true });
await phone.Session.Projects().UpdateAsync(launch.Id!, new ProjectPatch { Budget = 1200m });
await phone.Session.Users().UpdateAsync("ada", new UserPatch { Name = "Ada L." });
await phone.Session.TodoItems().CreateAsync(new TodoItem { Title = "Order snacks", Owner = "ada", Priority = TodoItemPriority.Low });
Console.WriteLine("  phone : venue done=true (crdt), Launch budget 1200 (manual), profile name 'Ada L.' (last-write-wins), new 'Order snacks'");
await laptop.Session.TodoItems().UpdateAsync(venue.Id!, new TodoItemPatch { Title = "Book the venue for 40 people", Priority = TodoItemPriority.High });
await laptop.Session.Projects().UpdateAsync(launch.Id!, new ProjectPatch { Budget = 1500m });
await laptop.Session.Users().UpdateAsync("ada", new UserPatch { Name = "Ada Lovelace" });
await laptop.Session.TodoItems().CreateAsync(new TodoItem { Title = "Write the invitations", Owner = "ada" });
Console.WriteLine("  laptop: venue title and priority (crdt), Launch budget 1500 (manual), profile name 'Ada Lovelace' (last-write-wins, edited later), new 'Write the invitations'");
Console.WriteLine($"  waiting to sync: phone {phone.Client.Status.PendingCount}, laptop {laptop.Client.Status.PendingCount}");

// 4. They come back, one after the other, and sync; the phone syncs once more to receive what the laptop sent.
foreach (var device in new[] { phone, laptop, phone })
{
    device.Network.SetOnline(true);
    await device.Client.WaitForSyncAsync();
    Console.WriteLine();
    Console.WriteLine($"{device.Name} is back online and synced ({device.Client.Status.PendingCount} waiting, {device.Client.Status.Parked.Count} parked).");
}
await Report.ShowAsync("After both devices synced", phone, laptop);

Console.WriteLine();
Console.WriteLine("Conflicts and how they were resolved:");
Console.WriteLine("  todo_item (crdt): per field, so the phone's done and the laptop's title and priority all survive; no question asked");
Console.WriteLine("  user (last-write-wins): the later edit (the laptop's) wins as a whole, by hybrid logical clock");
foreach (var line in conflicts)
{
    Console.WriteLine($"  project (manual): {line}");
}

// 5. Every replica holds the same data as the server.
var equal = await Report.CompareAsync(server.Database, phone, laptop);
Console.WriteLine();
Console.WriteLine(equal ? "All replicas equal the server." : "The replicas differ from the server.");
return equal ? 0 : 1;
