using BenchmarkDotNet.Attributes;
using ObjectQL.Sync.Protocol;

namespace ObjectQL.Sync.Benchmarks;

/// <summary>
/// A push of 1000 creates end to end (HTTP, strict reading, pipeline, conflict check, change log, idempotency answers)
/// beside the limit for the same work: the same 1000 rows written raw in one transaction, plus one HTTP echo of the same
/// body on the same Kestrel. Ratio = Push / (RawWrite + Echo). The push is measured warm (<see cref="BenchSizes.PushWarmUps"/>);
/// the limits, short and simple, settle within the job's own warm-up.
/// </summary>
[MemoryDiagnoser]
public class PushBenchmarks
{
    private const int Rows = BenchSizes.Push;
    private BenchServer _server = null!;
    private NotePushes _pushes = null!;

    [Params(Store.Sqlite, Store.Postgres)]
    public Store Store { get; set; }

    [GlobalSetup(Targets = [nameof(RawWrite), nameof(Echo)])]
    public async Task StartAsync()
    {
        _server = await BenchServer.StartAsync(Store);
        _pushes = new NotePushes();
        await _pushes.FirstSyncAsync(request => _server.SyncAsync(SyncJson.Write(request, SyncJson.Context.SyncPushRequest), "bench"));
    }

    [GlobalSetup(Target = nameof(Push))]
    public async Task StartWarmAsync()
    {
        await StartAsync();
        for (var i = 0; i < BenchSizes.PushWarmUps; i++)
        {
            await Push();
        }
    }

    [GlobalCleanup]
    public async Task StopAsync() => await _server.DisposeAsync();

    [Benchmark(Description = "Push 1000 mutations (HTTP, end to end)")]
    public async Task<int> Push()
    {
        var answer = await _server.SyncAsync(_pushes.Next(Rows, "bench"), "bench");
        _pushes.Checkpoint = answer.Checkpoint;
        return answer.Results.Count;
    }

    [Benchmark(Description = "Limit: raw batch write of the same 1000 rows")]
    public async Task RawWrite()
    {
        _pushes.Next(Rows, "bench");
        await RawNotes.WriteAsync(Store, _server.ConnectionString, _pushes.LastRows);
    }

    [Benchmark(Description = "Limit: HTTP echo of the same 1000-row body")]
    public Task<int> Echo() => _server.EchoAsync(_pushes.Next(Rows, "bench"));
}
