using BenchmarkDotNet.Attributes;
using ObjectQL.Postgres;
using ObjectQL.Sync.TestServer;
using ObjectQL.Testing.Postgres;

namespace ObjectQL.Sync.Benchmarks;

/// <summary>
/// What the serialized head (RFC 6.1) costs on PostgreSQL: P concurrent pushers, each pushing pushes of M creates
/// through the sync server (no HTTP), against the same writes through the same pipeline on a database without the sync
/// plugin (one transaction per push). Every invocation writes 200 mutations per pusher:
/// mutations/s = Pushers x 200 / mean.
/// </summary>
public class HeadCostBenchmarks
{
    public const int MutationsPerPusher = 200;
    private BenchServer _server = null!;
    private ObjectQLDatabase _plain = null!;
    private string _plainDatabase = "";
    private NotePushes[] _pushes = [];
    private long _changesSent;

    /// <summary>
    /// The changes the answers of <see cref="WithHead"/> carried so far: every member reads every note, so each push's
    /// delta brings the other pushers' notes written since its checkpoint.
    /// </summary>
    public long ChangesSent => Interlocked.Read(ref _changesSent);

    /// <summary>The PostgreSQL database of the sync server (the cluster's processes are measured through it).</summary>
    public string ConnectionString => _server.ConnectionString;

    [Params(1, 4, 16)]
    public int Pushers { get; set; }

    [Params(1, 100)]
    public int MutationsPerPush { get; set; }

    [GlobalSetup]
    public async Task StartAsync()
    {
        _server = await BenchServer.StartAsync(Store.Postgres);
        _plainDatabase = PostgresCluster.CreateDatabase("sync_plain");
        _plain = await ObjectQLDatabase.CreateBuilder().UseDriver(new PostgresDriver(_plainDatabase)).AddModel(SyncTestModel.Objects).OpenAsync();
        _pushes = Enumerable.Range(0, Pushers).Select(_ => new NotePushes()).ToArray();
        for (var pusher = 0; pusher < Pushers; pusher++)
        {
            var user = $"pusher-{pusher}";
            await _pushes[pusher].FirstSyncAsync(request => _server.Server.HandleAsync(request, ObjectQLContext.ForUser(user, "member")));
        }
    }

    [GlobalCleanup]
    public async Task StopAsync()
    {
        await _plain.DisposeAsync();
        PostgresCluster.DropDatabase(_plainDatabase);
        await _server.DisposeAsync();
    }

    [Benchmark(Baseline = true, Description = "Without the head (same writes, no sync plugin)")]
    public Task WithoutHead() => RunAsync(async (pusher, user) =>
    {
        var request = _pushes[pusher].NextRequest(MutationsPerPush, user);
        await _plain.ForUser(user, "member").TransactionAsync(async (tx, ct) =>
        {
            foreach (var mutation in request.Mutations)
            {
                var record = new Record();
                foreach (var (field, value) in mutation.Data!)
                {
                    record[field] = value.ValueKind == System.Text.Json.JsonValueKind.Number ? value.GetDouble() : value.GetString();
                }
                await tx.Object(SyncTestModel.NoteName).CreateAsync(record, ct);
            }
        });
    });

    [Benchmark(Description = "With the head (SyncServer.HandleAsync)")]
    public Task WithHead() => RunAsync(async (pusher, user) =>
    {
        var answer = await _server.Server.HandleAsync(_pushes[pusher].NextRequest(MutationsPerPush, user), ObjectQLContext.ForUser(user, "member"));
        if (answer.Results.Count != MutationsPerPush)
        {
            throw new InvalidOperationException("A push was not answered whole.");
        }
        _pushes[pusher].Checkpoint = answer.Checkpoint;
        Interlocked.Add(ref _changesSent, answer.ServerChanges.Count);
    });

    private Task RunAsync(Func<int, string, Task> push) => Task.WhenAll(Enumerable.Range(0, Pushers).Select(async pusher =>
    {
        for (var done = 0; done < MutationsPerPusher; done += MutationsPerPush)
        {
            await push(pusher, $"pusher-{pusher}");
        }
    }));
}
