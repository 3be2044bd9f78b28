using BenchmarkDotNet.Attributes;

namespace ObjectQL.Sync.Benchmarks;

/// <summary>A client pulls 10,000 changes from the log (pages of 500, over HTTP) from a checkpoint taken before they were written.</summary>
[MemoryDiagnoser]
public class PullBenchmarks
{
    private const int Changes = 10_000;
    private BenchServer _server = null!;
    private string _reader = "";
    private string _checkpoint = "";

    [Params(Store.Sqlite, Store.Postgres)]
    public Store Store { get; set; }

    [GlobalSetup]
    public async Task StartAsync()
    {
        _server = await BenchServer.StartAsync(Store);
        _reader = Guid.CreateVersion7().ToString();
        _checkpoint = (await _server.SyncAsync(NotePushes.Pull(_reader, null), "reader")).Checkpoint;
        var writer = new NotePushes();
        for (var written = 0; written < Changes; written += 1000)
        {
            await _server.SyncAsync(writer.Next(1000, "writer"), "writer");
        }
    }

    [GlobalCleanup]
    public async Task StopAsync() => await _server.DisposeAsync();

    [Benchmark(Description = "Pull 10,000 changes", OperationsPerInvoke = Changes)]
    public async Task<int> Pull()
    {
        var received = await _server.PullAllAsync(_reader, _checkpoint);
        return received == Changes ? received : throw new InvalidOperationException($"Pulled {received} changes, not {Changes}.");
    }
}
