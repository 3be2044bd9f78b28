using System.Diagnostics;
using System.Globalization;

namespace ObjectQL.Sync.Benchmarks;

/// <summary>
/// A stopwatch run of <see cref="HeadCostBenchmarks"/> for a shared machine, where a ShortRun's few iterations are at the
/// mercy of the neighbours: each configuration alternates its three sides (the writes without sync, the sync server
/// without the head, the sync server) in rounds of a few seconds each and prints mutations/s of each and two ratios:
/// the head's own cost (the sync server against itself without the head) and the whole push's (against the writes
/// without sync), so a load change hits every side alike.
/// Then, per side, one more invocation per round with the CPU account of <see cref="CpuAccount"/> and the bytes the
/// process allocated per push (with <c>--types</c>, by type: <see cref="AllocationTypes"/>).
/// <c>--head-quick [seconds per round, default 3] [rounds, default 2] [PxM ..., default all: 1x1 4x1 16x1 1x100 4x100 16x100] [--types]</c>.
/// </summary>
public static class HeadQuick
{
    private static readonly (int Pushers, int PerPush)[] Configurations = [(1, 1), (4, 1), (16, 1), (1, 100), (4, 100), (16, 100)];

    public static async Task RunAsync(string[] args)
    {
        var words = args.SkipWhile(a => a != "--head-quick").Skip(1).TakeWhile(a => !a.StartsWith("--", StringComparison.Ordinal)).ToArray();
        var numbers = words.Where(w => !w.Contains('x', StringComparison.Ordinal)).Select(w => double.Parse(w, CultureInfo.InvariantCulture)).ToArray();
        var chosen = words.Where(w => w.Contains('x', StringComparison.Ordinal))
            .Select(w => w.Split('x') is [var p, var m] ? (int.Parse(p, CultureInfo.InvariantCulture), int.Parse(m, CultureInfo.InvariantCulture)) : throw new ArgumentException($"'{w}' is not PxM."))
            .ToArray();
        var seconds = TimeSpan.FromSeconds(numbers.Length > 0 ? numbers[0] : 3);
        var rounds = numbers.Length > 1 ? (int)numbers[1] : 2;
        using var types = args.Contains("--types") ? new AllocationTypes() : null;
        Console.WriteLine($"load: {File.ReadAllText("/proc/loadavg").Trim()}");
        Console.WriteLine("pushers x per push | no sync (mut/s) | sync, no head | sync (mut/s) | head's cost | whole push");
        foreach (var (pushers, perPush) in chosen.Length > 0 ? chosen : Configurations)
        {
            var bench = new HeadCostBenchmarks { Pushers = pushers, MutationsPerPush = perPush };
            await bench.StartAsync();
            try
            {
                // One invocation of each first, outside the clock: schemas, pools, the server's clock and sequences.
                await bench.WithoutHead();
                await bench.SyncWithoutHead();
                await bench.WithHead();
                double without = 0, headless = 0, with = 0;
                var written = (long)pushers * bench.PushesPerPusher * perPush;
                for (var round = 0; round < rounds; round++)
                {
                    without += await RateAsync(bench.WithoutHead, written, seconds);
                    headless += await RateAsync(bench.SyncWithoutHead, written, seconds);
                    with += await RateAsync(bench.WithHead, written, seconds);
                }
                without /= rounds;
                headless /= rounds;
                with /= rounds;
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{pushers,7} x {perPush,-3}      | {without,15:F0} | {headless,13:F0} | {with,12:F0} | {headless / with,10:F2}x | {without / with,9:F2}x"));
                // The account spans as many invocations as there were rounds: one invocation of 16 x 100 is 32 pushes, few
                // enough for the neighbours' load to move its CPU figures by a third.
                using var account = new CpuAccount(bench.ConnectionString);
                var pushes = (long)pushers * bench.PushesPerPusher * rounds;
                foreach (var (side, invocation) in new[] { ("no sync", (Func<Task>)bench.WithoutHead), ("no head", bench.SyncWithoutHead), ("sync", bench.WithHead) })
                {
                    var sentBefore = bench.ChangesSent;
                    await account.StartAsync();
                    // The whole process's (benchmark and server): the server's share is what differs between the sides.
                    var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
                    types?.Start();
                    var clock = Stopwatch.StartNew();
                    for (var round = 0; round < rounds; round++)
                    {
                        await invocation();
                    }
                    var wall = clock.Elapsed.TotalMilliseconds * pushers / pushes;
                    var allocated = (GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore) / 1024.0 / pushes;
                    var sampled = types?.Stop(20);
                    var (process, postgres, inStatements, statements) = await account.StopAsync(pushes);
                    var sent = (double)(bench.ChangesSent - sentBefore) / pushes;
                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"    {side,-7} per push: {wall:F2} ms wall, {inStatements:F2} ms in {statements:F1} statements; CPU {process:F2} ms here, {postgres:F2} ms in PostgreSQL; {sent:F1} changes sent; {allocated:F0} KB allocated"));
                    foreach (var (type, bytes) in sampled ?? [])
                    {
                        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"        {bytes / 1024.0 / pushes,7:F1} KB  {type}"));
                    }
                }
            }
            finally
            {
                await bench.StopAsync();
            }
        }
        Console.WriteLine($"load: {File.ReadAllText("/proc/loadavg").Trim()}");
    }

    // Whole invocations (each makes PushesPerPusher pushes per pusher) until the round's time is up.
    private static async Task<double> RateAsync(Func<Task> invocation, long written, TimeSpan length)
    {
        var clock = Stopwatch.StartNew();
        long mutations = 0;
        do
        {
            await invocation();
            mutations += written;
        }
        while (clock.Elapsed < length);
        return mutations / clock.Elapsed.TotalSeconds;
    }
}
