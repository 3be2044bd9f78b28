using System.Diagnostics;
using ObjectQL.Sql;
using ObjectQL.Sync.Protocol;

namespace ObjectQL.Sync.Benchmarks;

/// <summary>
/// The deterministic side of the sync benchmarks, for a busy machine: bytes allocated (whole process: client, Kestrel
/// and server) and SQL statements run by one push of 1000 mutations, one push of 1, one pull of 10,000 changes and one initial sync,
/// each run once after a warm-up. <c>--counts [sqlite|postgres] [push] [rows, default 10,000] [--types] [--commits-of N]</c>:
/// the last writes the pull's log in commits of N changes (the server's MaxMutationsPerTransaction; its default, 256, without it).
/// </summary>
public static class Counts
{
    private static AllocationTypes? _types;

    public static async Task RunAsync(string[] args)
    {
        using var types = args.Contains("--types") ? new AllocationTypes() : null;
        _types = types;
        var stores = args.Contains("postgres", StringComparer.OrdinalIgnoreCase) ? [Store.Postgres]
            : args.Contains("sqlite", StringComparer.OrdinalIgnoreCase) ? new[] { Store.Sqlite } : [Store.Sqlite, Store.Postgres];
        var commitsAt = Array.IndexOf(args, "--commits-of");
        int? commitSize = commitsAt >= 0 ? int.Parse(args[commitsAt + 1], System.Globalization.CultureInfo.InvariantCulture) : null;
        var initialRows = args.Where((_, i) => i != commitsAt + 1 || commitsAt < 0).Select(a => int.TryParse(a, out var n) ? n : 0).FirstOrDefault(n => n > 0, 10_000);
        foreach (var store in stores)
        {
            await PushAsync(store);
            if (!args.Contains("push"))
            {
                await PullAsync(store, initialRows, commitSize);
            }
        }
    }

    private static async Task PushAsync(Store store)
    {
        await using var server = await BenchServer.StartAsync(store);
        var pushes = new NotePushes();
        await pushes.FirstSyncAsync(request => server.SyncAsync(SyncJson.Write(request, SyncJson.Context.SyncPushRequest), "bench"));
        async Task Push(int count)
        {
            var body = pushes.Next(count, "bench");
            pushes.Checkpoint = (await server.SyncAsync(body, "bench")).Checkpoint;
        }
        await Push(1000);
        await Measure(store, "push of 1000 mutations", () => Push(1000));
        await Measure(store, "push of 1 mutation", () => Push(1));
        await Measure(store, "limit: HTTP echo of the 1000-row body", () => server.EchoAsync(pushes.Next(1000, "bench")));
    }

    private static async Task PullAsync(Store store, int initialRows, int? commitSize)
    {
        await using var server = await BenchServer.StartAsync(store, maxMutationsPerTransaction: commitSize);
        var reader = Guid.CreateVersion7().ToString();
        var checkpoint = (await server.SyncAsync(NotePushes.Pull(reader, null), "reader")).Checkpoint;
        var writer = new NotePushes();
        for (var written = 0; written < initialRows; written += 1000)
        {
            writer.Checkpoint = (await server.SyncAsync(writer.Next(Math.Min(1000, initialRows - written), "writer"), "writer")).Checkpoint;
        }
        // The reader's checkpoint was taken before every one of the changes, so the pull reads them all.
        await Measure(store, $"pull of {initialRows:N0} changes (log)", () => server.PullAllAsync(reader, checkpoint));
        await Measure(store, $"initial sync of {initialRows:N0} rows (snapshot)", () => server.PullAllAsync(Guid.CreateVersion7().ToString(), null));
    }

    private static async Task Measure(Store store, string what, Func<Task> run)
    {
        GC.Collect();
        var before = GC.GetTotalAllocatedBytes(precise: true);
        var clock = Stopwatch.StartNew();
        await run();
        clock.Stop();
        var allocated = GC.GetTotalAllocatedBytes(precise: true) - before;
        var statements = new Dictionary<string, int>(StringComparer.Ordinal);
        using (var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == SqlTelemetry.SourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllData,
            ActivityStopped = activity =>
            {
                lock (statements)
                {
                    statements[activity.DisplayName] = statements.GetValueOrDefault(activity.DisplayName) + 1;
                }
            },
        })
        {
            ActivitySource.AddActivityListener(listener);
            await run();
        }
        Console.WriteLine($"{store,-8} {what}: {allocated / 1024.0 / 1024.0:N1} MB allocated, {statements.Values.Sum():N0} statements ({clock.ElapsedMilliseconds} ms, not a measurement)");
        if (_types is { } sampled)
        {
            sampled.Start();
            await run();
            foreach (var (type, bytes) in sampled.Stop(25))
            {
                Console.WriteLine($"    {bytes / 1024.0 / 1024.0,7:N1} MB  {type}");
            }
        }
        foreach (var (name, count) in statements.OrderByDescending(s => s.Value).ThenBy(s => s.Key, StringComparer.Ordinal))
        {
            Console.WriteLine($"    {count,7:N0}  {name}");
        }
    }
}
