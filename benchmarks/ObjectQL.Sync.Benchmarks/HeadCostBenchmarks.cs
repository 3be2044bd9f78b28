using BenchmarkDotNet.Attributes;
using ObjectQL.Postgres;
using ObjectQL.Sync.TestServer;
using ObjectQL.Testing.Postgres;

namespace ObjectQL.Sync.Benchmarks;

/// <summary>
/// What the serialized head (RFC 6.1) costs on PostgreSQL: P concurrent pushers, each pushing pushes of M creates
/// through the sync server (no HTTP), against the same pushes through a sync server whose positions are a plain
/// sequence number (<see cref="NaiveCommitPositions"/>: the head alone removed), and against the same creates through
/// the same pipeline on a database without the sync plugin (one transaction per push). Every invocation writes 200
/// mutations per pusher: mutations/s = Pushers x 200 / mean.
/// </summary>
public class HeadCostBenchmarks
{
    public const int MutationsPerPusher = 200;

    /// <summary>The pushes each pusher makes per invocation: enough to write <see cref="MutationsPerPusher"/>, at least one.</summary>
    public int PushesPerPusher => (MutationsPerPusher + MutationsPerPush - 1) / MutationsPerPush;
    private BenchServer _server = null!;
    private BenchServer _headless = null!;
    private ObjectQLDatabase _plain = null!;
    private string _plainDatabase = "";
    private NotePushes[] _pushes = [];
    private NotePushes[] _headlessPushes = [];
    private long _changesSent;

    /// <summary>
    /// The changes the answers of <see cref="WithHead"/> and <see cref="SyncWithoutHead"/> carried so far: every member reads every note, so each push's
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
        _headless = await BenchServer.StartAsync(Store.Postgres, decorateDriver: driver => new NaiveCommitPositions((Sql.SqlDriver)driver));
        _plainDatabase = PostgresCluster.CreateDatabase("sync_plain");
        _plain = await ObjectQLDatabase.CreateBuilder().UseDriver(new PostgresDriver(_plainDatabase)).AddModel(SyncTestModel.Objects).OpenAsync();
        _pushes = await FirstSyncsAsync(_server);
        _headlessPushes = await FirstSyncsAsync(_headless);
    }

    private async Task<NotePushes[]> FirstSyncsAsync(BenchServer server)
    {
        var pushes = Enumerable.Range(0, Pushers).Select(_ => new NotePushes()).ToArray();
        for (var pusher = 0; pusher < Pushers; pusher++)
        {
            var user = $"pusher-{pusher}";
            await pushes[pusher].FirstSyncAsync(request => server.Server.HandleAsync(request, ObjectQLContext.ForUser(user, "member")));
        }
        return pushes;
    }

    [GlobalCleanup]
    public async Task StopAsync()
    {
        await _plain.DisposeAsync();
        PostgresCluster.DropDatabase(_plainDatabase);
        await _server.DisposeAsync();
        await _headless.DisposeAsync();
    }

    [Benchmark(Baseline = true, Description = "Without sync (the same creates, no sync plugin)")]
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

    [Benchmark(Description = "The sync server without the head (positions from a plain sequence)")]
    public Task SyncWithoutHead() => RunAsync((pusher, user) => PushAsync(_headless, _headlessPushes[pusher], user));

    [Benchmark(Description = "With the head (SyncServer.HandleAsync)")]
    public Task WithHead() => RunAsync((pusher, user) => PushAsync(_server, _pushes[pusher], user));

    private async Task PushAsync(BenchServer server, NotePushes pushes, string user)
    {
        var answer = await server.Server.HandleAsync(pushes.NextRequest(MutationsPerPush, user), ObjectQLContext.ForUser(user, "member"));
        if (answer.Results.Count != MutationsPerPush)
        {
            throw new InvalidOperationException("A push was not answered whole.");
        }
        pushes.Checkpoint = answer.Checkpoint;
        Interlocked.Add(ref _changesSent, answer.ServerChanges.Count);
    }

    private Task RunAsync(Func<int, string, Task> push) => Task.WhenAll(Enumerable.Range(0, Pushers).Select(async pusher =>
    {
        for (var done = 0; done < PushesPerPusher; done++)
        {
            await push(pusher, $"pusher-{pusher}");
        }
    }));
}
