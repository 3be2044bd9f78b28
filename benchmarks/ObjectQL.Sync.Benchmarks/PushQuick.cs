using System.Diagnostics;
using System.Globalization;
using System.Runtime;
using System.Text.Json;
using ObjectQL.Sync.Clocks;
using ObjectQL.Sync.Protocol;
using ObjectQL.Sync.Resolution;
using ObjectQL.Sync.TestServer;

namespace ObjectQL.Sync.Benchmarks;

/// <summary>
/// Repeated pushes of 1000 by one client over HTTP, for CPU profiles and for the push's CPU and allocations per push
/// side by side with another build: <c>--push-quick [sqlite|postgres] [creates|updates] [repeats, default 20]</c>.
/// Updates change the title of the notes the warm-up created, each on the version the last push left. Prints, per
/// push, the wall time, this process's CPU (client, Kestrel and server), the bytes it allocated, the locks it found
/// taken (<see cref="Monitor.LockContentionCount"/>) and the garbage collections and their pauses; <c>--statements</c>
/// adds one more push that sums the time of each kind of SQL statement. On PostgreSQL it also prints the WAL the
/// cluster wrote per push (bytes, full-page images, records) and the CPU its processes used per push.
/// </summary>
public static class PushQuick
{
    private const int Rows = 1000;

    // The cluster's WAL totals (the benchmark's database is the only one written): a count of what the pushes wrote
    // that the machine's load does not change.
    private static async Task<(long Bytes, long FullPages, long Records)> PostgresWalAsync(string connectionString)
    {
        await using var connection = new Npgsql.NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new Npgsql.NpgsqlCommand("SELECT wal_bytes::bigint, wal_fpi, wal_records FROM pg_stat_wal", connection);
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        return (reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2));
    }

    public static async Task RunAsync(string[] args)
    {
        var store = args.Contains("postgres", StringComparer.OrdinalIgnoreCase) ? Store.Postgres : Store.Sqlite;
        var updates = args.Contains("updates", StringComparer.OrdinalIgnoreCase);
        var repeats = args.Select(a => int.TryParse(a, out var n) ? n : 0).FirstOrDefault(n => n > 0, 20);
        await using var server = await BenchServer.StartAsync(store);
        var pushes = new NotePushes();
        await pushes.FirstSyncAsync(request => server.SyncAsync(SyncJson.Write(request, SyncJson.Context.SyncPushRequest), "bench"));
        var created = pushes.NextRequest(Rows, "bench");
        pushes.Checkpoint = (await server.SyncAsync(SyncJson.Write(created, SyncJson.Context.SyncPushRequest), "bench")).Checkpoint;
        var notes = new NoteUpdates(created);
        async Task Push()
        {
            var body = updates ? notes.Next(pushes.Checkpoint) : pushes.Next(Rows, "bench");
            var answer = await server.SyncAsync(body, "bench");
            pushes.Checkpoint = answer.Checkpoint;
            if (answer.Results.Count != Rows || answer.Results.Any(r => r is not SyncMutationApplied))
            {
                throw new InvalidOperationException("A push of the benchmark was not applied whole.");
            }
        }
        await Push();
        var wal = store == Store.Postgres ? await PostgresWalAsync(server.ConnectionString) : default;
        // The cluster's CPU: the server-side work a change of statements moves, which this process's CPU does not show.
        using var cluster = store == Store.Postgres ? new CpuAccount(server.ConnectionString) : null;
        if (cluster is not null)
        {
            await cluster.StartAsync();
        }
        GC.Collect();
        var collections = Collections();
        var allocated = GC.GetTotalAllocatedBytes(precise: true);
        var contentions = Monitor.LockContentionCount;
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        var times = new List<double>(repeats);
        for (var i = 0; i < repeats; i++)
        {
            var one = Stopwatch.StartNew();
            await Push();
            times.Add(one.Elapsed.TotalMilliseconds);
        }
        clock.Stop();
        var clusterCpu = cluster is null ? 0 : (await cluster.StopAsync(repeats)).PostgresMs;
        cpu = Process.GetCurrentProcess().TotalProcessorTime - cpu;
        allocated = GC.GetTotalAllocatedBytes(precise: true) - allocated;
        contentions = Monitor.LockContentionCount - contentions;
        var collected = Collections();
        times.Sort();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{store} {(updates ? "updates" : "creates")} x{Rows}, {repeats} pushes: median {times[times.Count / 2]:N1} ms, CPU {cpu.TotalMilliseconds / repeats:N1} ms/push, {allocated / 1024.0 / 1024.0 / repeats:N2} MB/push, {(double)contentions / repeats:N1} lock contentions/push"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"collections per push: gen0 {(double)(collected.Gen0 - collections.Gen0) / repeats:N2}, gen1 {(double)(collected.Gen1 - collections.Gen1) / repeats:N2}, gen2 {(double)(collected.Gen2 - collections.Gen2) / repeats:N2}; GC pause {(collected.Paused - collections.Paused).TotalMilliseconds / repeats:N1} ms/push ({(GCSettings.IsServerGC ? "server" : "workstation")} GC)"));
        if (store == Store.Postgres)
        {
            var after = await PostgresWalAsync(server.ConnectionString);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"PostgreSQL's WAL per push: {(after.Bytes - wal.Bytes) / 1024.0 / 1024.0 / repeats:N2} MB, {(double)(after.FullPages - wal.FullPages) / repeats:N0} full-page images, {(double)(after.Records - wal.Records) / repeats:N0} records; its CPU per push: {clusterCpu:N1} ms"));
        }
        if (args.Contains("--statements"))
        {
            await PullQuick.StatementsAsync(async () =>
            {
                await Push();
                return Rows;
            });
        }
    }

    // Every generation's count includes the younger ones' (a gen1 collection also collects gen0).
    private static (int Gen0, int Gen1, int Gen2, TimeSpan Paused) Collections() =>
        (GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2), GC.GetTotalPauseDuration());

    // Updates of the same notes, each on the version the last one left (a create stores version 1).
    private sealed class NoteUpdates(SyncPushRequest created)
    {
        private readonly string _clientId = created.ClientId;
        private long _sequence = created.Mutations[^1].Sequence;
        private long _version = 1;

        public byte[] Next(string? checkpoint)
        {
            var now = DateTimeOffset.UtcNow;
            var first = _sequence;
            _sequence += Rows;
            var mutations = created.Mutations.Select((m, i) => new MutationLogEntry(
                Guid.CreateVersion7().ToString(), m.ObjectName, m.RecordId, MutationOperation.Update, now.ToString("O"), _clientId, first + i + 1, _version,
                new HlcTimestamp(now.ToUnixTimeMilliseconds(), (uint)(first + i + 1), _clientId).ToString(),
                new Dictionary<string, JsonElement> { ["title"] = JsonValues.Parse("\"Note " + i + " v" + (_version + 1) + "\"") })).ToArray();
            _version++;
            return SyncJson.Write(
                new SyncPushRequest(_clientId, 1, new HlcTimestamp(now.ToUnixTimeMilliseconds(), (uint)_sequence, _clientId).ToString(), mutations, checkpoint),
                SyncJson.Context.SyncPushRequest);
        }
    }
}
