using BenchmarkDotNet.Attributes;

namespace ObjectQL.Sync.Benchmarks;

/// <summary>
/// A new client's first sync of N records (a keyset-paged snapshot, pages of 500, over HTTP), beside the limit for the
/// same work: the same rows read raw, plus an HTTP echo of the same pages. N is 100,000 unless
/// <c>OBJECTQL_SYNC_INITIAL_ROWS</c> says otherwise (the goal is stated for 1,000,000: under 60 s). The rows are written
/// through the pipeline (so the log and record clocks hold them, as after real writes), 1000 per transaction.
/// </summary>
[MemoryDiagnoser]
public class InitialSyncBenchmarks
{
    private BenchServer _server = null!;
    private IReadOnlyList<byte[]> _pages = [];

    [Params(Store.Sqlite, Store.Postgres)]
    public Store Store { get; set; }

    [ParamsSource(nameof(RowCounts))]
    public int Rows { get; set; }

    public static IEnumerable<int> RowCounts() => [BenchSizes.InitialRows];

    [GlobalSetup]
    public async Task StartAsync()
    {
        _server = await BenchServer.StartAsync(Store);
        await _server.SeedNotesAsync(Rows);
        _pages = await _server.PullPagesAsync(Guid.CreateVersion7().ToString(), null);
    }

    [GlobalCleanup]
    public async Task StopAsync() => await _server.DisposeAsync();

    [Benchmark(Description = "Initial sync of N rows (HTTP, snapshot pages of 500)")]
    public async Task<int> InitialSync()
    {
        var received = await _server.PullAllAsync(Guid.CreateVersion7().ToString(), null);
        return received == Rows ? received : throw new InvalidOperationException($"Received {received} rows, not {Rows}.");
    }

    [Benchmark(Description = "Limit: raw read of the same N rows")]
    public Task<int> RawRead() => RawNotes.ReadAsync(Store, _server.ConnectionString);

    [Benchmark(Description = "Limit: HTTP echo of the same pages")]
    public Task<int> Echo() => _server.EchoAllAsync(_pages);
}
