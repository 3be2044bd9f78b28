using System.Diagnostics;
using System.Globalization;

namespace ObjectQL.Sync.Benchmarks;

/// <summary>
/// A stopwatch run of a pull and an initial sync, for direction on a shared machine and for sizes BenchmarkDotNet would
/// take too long over (the 1,000,000-row initial sync): <c>--pull-quick [sqlite|postgres] [pull|initial] [rows, default
/// 10,000] [repeats, default 3] [--statements] [--page-size N]</c> (N: the page size the client asks for; the server's 500 without it). The pull's changes are written by pushes of 1000, the initial sync's rows by the
/// pipeline 1000 a transaction (as in <see cref="PullBenchmarks"/> and <see cref="InitialSyncBenchmarks"/>); each
/// repeat is timed alone after one untimed run, with the load average beside it; <c>--statements</c> adds one run that sums the time of each kind of SQL statement.
/// </summary>
public static class PullQuick
{
    public static async Task RunAsync(string[] args)
    {
        var store = args.Contains("postgres", StringComparer.OrdinalIgnoreCase) ? Store.Postgres : Store.Sqlite;
        var initial = args.Contains("initial", StringComparer.OrdinalIgnoreCase);
        var pageAt = Array.IndexOf(args, "--page-size");
        int? pageSize = pageAt >= 0 ? int.Parse(args[pageAt + 1], CultureInfo.InvariantCulture) : null;
        args = pageAt >= 0 ? [.. args[..pageAt], .. args[(pageAt + 2)..]] : args;
        var numbers = args.Select(a => int.TryParse(a, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : 0).Where(n => n > 0).ToArray();
        var rows = numbers.Length > 0 ? numbers[0] : 10_000;
        var repeats = numbers.Length > 1 ? numbers[1] : 3;
        // A page of the asked size is not cut short by the default byte budget (1 MiB).
        await using var server = await BenchServer.StartAsync(store, maxChangeBytesPerResponse: pageSize is null ? 1 << 20 : 64 << 20);
        server.PageSize = pageSize;
        Func<Task<int>> run;
        if (initial)
        {
            await server.SeedNotesAsync(rows);
            run = () => server.PullAllAsync(Guid.CreateVersion7().ToString(), null);
        }
        else
        {
            var reader = Guid.CreateVersion7().ToString();
            var checkpoint = (await server.SyncAsync(NotePushes.Pull(reader, null), "reader")).Checkpoint;
            var writer = new NotePushes();
            for (var written = 0; written < rows; written += BenchSizes.Push)
            {
                writer.Checkpoint = (await server.SyncAsync(writer.Next(Math.Min(BenchSizes.Push, rows - written), "writer"), "writer")).Checkpoint;
            }
            run = () => server.PullAllAsync(reader, checkpoint);
        }
        var what = (initial ? "initial sync" : "pull") + (pageSize is { } size ? $" in pages of {size:N0}" : string.Empty);
        Console.WriteLine($"{store} {what} of {rows:N0}: warm-up {await TimeAsync(run, rows)}");
        for (var repeat = 0; repeat < repeats; repeat++)
        {
            Console.WriteLine($"{store} {what} of {rows:N0}: {await TimeAsync(run, rows)}");
        }
        if (args.Contains("--statements"))
        {
            await StatementsAsync(run);
        }
    }

    // One more run with the SQL driver's activities listened to: the time spent in each kind of statement (and one
    // statement text of each, when the database records them).
    internal static async Task StatementsAsync(Func<Task<int>> run)
    {
        var kinds = new Dictionary<string, (int Count, TimeSpan Time, string? Text)>(StringComparer.Ordinal);
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == ObjectQL.Sql.SqlTelemetry.SourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllData,
            ActivityStopped = activity =>
            {
                lock (kinds)
                {
                    var (count, time, text) = kinds.GetValueOrDefault(activity.DisplayName);
                    kinds[activity.DisplayName] = (count + 1, time + activity.Duration, text ?? activity.GetTagItem("db.query.text") as string);
                }
            },
        };
        ActivitySource.AddActivityListener(listener);
        var clock = Stopwatch.StartNew();
        await run();
        Console.WriteLine($"statements of one more run ({clock.Elapsed.TotalMilliseconds:N0} ms in all):");
        foreach (var (name, (count, time, text)) in kinds.OrderByDescending(k => k.Value.Time))
        {
            Console.WriteLine($"  {count,6:N0} {time.TotalMilliseconds,9:N1} ms  {name}");
            if (text is not null)
            {
                Console.WriteLine($"         {text}");
            }
        }
    }

    private static async Task<string> TimeAsync(Func<Task<int>> run, int rows)
    {
        var load = File.ReadAllText("/proc/loadavg").Split(' ')[0];
        var clock = Stopwatch.StartNew();
        var received = await run();
        clock.Stop();
        if (received != rows)
        {
            throw new InvalidOperationException($"Received {received} changes, not {rows}.");
        }
        return $"{clock.Elapsed.TotalMilliseconds:N1} ms, {rows / clock.Elapsed.TotalSeconds:N0} changes/s (load {load} before)";
    }
}
