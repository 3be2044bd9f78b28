using System.Diagnostics;
using System.Globalization;
using ObjectQL.Sync.Protocol;

namespace ObjectQL.Sync.Benchmarks;

/// <summary>
/// The client's half of a pull alone: the answers of a pull of 10,000 changes are recorded once over HTTP, then read
/// with <see cref="SyncJson.ReadResponse"/> (what every .NET client reads a page with) again and again, timed and with
/// the bytes allocated. <c>--read-quick [sqlite|postgres] [repeats, default 20] [--types]</c>.
/// </summary>
public static class ReadQuick
{
    public static async Task RunAsync(string[] args)
    {
        var store = args.Contains("postgres", StringComparer.OrdinalIgnoreCase) ? Store.Postgres : Store.Sqlite;
        var repeats = args.Select(a => int.TryParse(a, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : 0).FirstOrDefault(n => n > 0, 20);
        IReadOnlyList<byte[]> pages;
        await using (var server = await BenchServer.StartAsync(store))
        {
            var reader = Guid.CreateVersion7().ToString();
            var checkpoint = (await server.SyncAsync(NotePushes.Pull(reader, null), "reader")).Checkpoint;
            var writer = new NotePushes();
            for (var written = 0; written < BenchSizes.Pull; written += BenchSizes.Push)
            {
                writer.Checkpoint = (await server.SyncAsync(writer.Next(BenchSizes.Push, "writer"), "writer")).Checkpoint;
            }
            pages = await server.PullPagesAsync(reader, checkpoint);
        }
        var bytes = pages.Sum(p => p.Length);
        Console.WriteLine($"{pages.Count} pages, {bytes:N0} bytes, {ReadAll(pages):N0} changes");
        for (var repeat = 0; repeat < repeats; repeat++)
        {
            var load = File.ReadAllText("/proc/loadavg").Split(' ')[0];
            var allocated = GC.GetTotalAllocatedBytes(precise: true);
            var cpu = Process.GetCurrentProcess().TotalProcessorTime;
            var clock = Stopwatch.StartNew();
            ReadAll(pages);
            clock.Stop();
            cpu = Process.GetCurrentProcess().TotalProcessorTime - cpu;
            allocated = GC.GetTotalAllocatedBytes(precise: true) - allocated;
            Console.WriteLine($"read of the pull's answers: {clock.Elapsed.TotalMilliseconds:N1} ms ({cpu.TotalMilliseconds:N0} ms CPU), {allocated / 1024.0 / 1024.0:N2} MB allocated (load {load} before)");
        }
        if (args.Contains("--types"))
        {
            using var types = new AllocationTypes();
            types.Start();
            ReadAll(pages);
            foreach (var (type, sampled) in types.Stop(20))
            {
                Console.WriteLine($"    {sampled / 1024.0 / 1024.0,7:N1} MB  {type}");
            }
        }
    }

    private static int ReadAll(IReadOnlyList<byte[]> pages)
    {
        var changes = 0;
        foreach (var page in pages)
        {
            changes += SyncJson.ReadResponse(page).ServerChanges.Count;
        }
        return changes;
    }
}
