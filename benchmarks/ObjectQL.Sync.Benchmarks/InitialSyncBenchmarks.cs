using BenchmarkDotNet.Attributes;

namespace ObjectQL.Sync.Benchmarks;

/// <summary>
/// A new client's first sync of N records (a snapshot, paged, over HTTP). N comes from the environment variable
/// <c>OBJECTQL_SYNC_INITIAL_ROWS</c> (default 10,000; the published figure uses 1,000,000).
/// </summary>
[MemoryDiagnoser]
public class InitialSyncBenchmarks
{
    private BenchServer _server = null!;

    [Params(Store.Sqlite, Store.Postgres)]
    public Store Store { get; set; }

    [ParamsSource(nameof(RowCounts))]
    public int Rows { get; set; }

    public static IEnumerable<int> RowCounts() =>
        [int.TryParse(Environment.GetEnvironmentVariable("OBJECTQL_SYNC_INITIAL_ROWS"), out var rows) && rows > 0 ? rows : 10_000];

    [GlobalSetup]
    public async Task StartAsync()
    {
        _server = await BenchServer.StartAsync(Store);
        var writer = new NotePushes();
        for (var written = 0; written < Rows; written += 1000)
        {
            await _server.SyncAsync(writer.Next(Math.Min(1000, Rows - written), "writer"), "writer");
        }
    }

    [GlobalCleanup]
    public async Task StopAsync() => await _server.DisposeAsync();

    [Benchmark(Description = "Initial sync of N rows")]
    public async Task<int> InitialSync()
    {
        var received = await _server.PullAllAsync(Guid.CreateVersion7().ToString(), null);
        return received == Rows ? received : throw new InvalidOperationException($"Received {received} rows, not {Rows}.");
    }
}
