using BenchmarkDotNet.Attributes;

namespace ObjectQL.Sync.Benchmarks;

/// <summary>
/// A client pulls 10,000 changes from the log (pages of 500, over HTTP) from a checkpoint taken before they were
/// written, beside the limit for the same work: the same rows read raw, plus an HTTP echo of the same pages on the same
/// Kestrel. Ratio = Pull / (RawRead + Echo); changes/s = 10,000 / Pull.
/// </summary>
[MemoryDiagnoser]
public class PullBenchmarks
{
    private BenchServer _server = null!;
    private string _reader = "";
    private string _checkpoint = "";
    private IReadOnlyList<byte[]> _pages = [];

    [Params(Store.Sqlite, Store.Postgres)]
    public Store Store { get; set; }

    [GlobalSetup]
    public async Task StartAsync()
    {
        _server = await BenchServer.StartAsync(Store);
        _reader = Guid.CreateVersion7().ToString();
        _checkpoint = (await _server.SyncAsync(NotePushes.Pull(_reader, null), "reader")).Checkpoint;
        var writer = new NotePushes();
        for (var written = 0; written < BenchSizes.Pull; written += BenchSizes.Push)
        {
            writer.Checkpoint = (await _server.SyncAsync(writer.Next(BenchSizes.Push, "writer"), "writer")).Checkpoint;
        }
        _pages = await _server.PullPagesAsync(_reader, _checkpoint);
    }

    [GlobalCleanup]
    public async Task StopAsync() => await _server.DisposeAsync();

    [Benchmark(Description = "Pull 10,000 changes (HTTP, pages of 500)")]
    public async Task<int> Pull()
    {
        var received = await _server.PullAllAsync(_reader, _checkpoint);
        return received == BenchSizes.Pull ? received : throw new InvalidOperationException($"Pulled {received} changes, not {BenchSizes.Pull}.");
    }

    [Benchmark(Description = "Limit: raw read of the same 10,000 rows")]
    public Task<int> RawRead() => RawNotes.ReadAsync(Store, _server.ConnectionString);

    [Benchmark(Description = "Limit: HTTP echo of the same pages")]
    public Task<int> Echo() => _server.EchoAllAsync(_pages);
}
