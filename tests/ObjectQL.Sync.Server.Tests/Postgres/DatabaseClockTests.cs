using ObjectQL.Postgres;
using ObjectQL.Sync.Protocol;
using ObjectQL.Sync.Server.Handling;
using ObjectQL.Sync.Server.Tests.Support;
using ObjectQL.Testing.Postgres;

namespace ObjectQL.Sync.Server.Tests.Postgres;

/// <summary>RFC 4.3: a server whose wall clock is off the database's by more than the drift limit issues no clocks.</summary>
[NonParallelizable]
public class DatabaseClockTests
{
    [Test]
    public async Task A_server_an_hour_ahead_of_the_database_is_refused_with_503_and_writes_nothing_while_one_in_step_serves()
    {
        var connectionString = PostgresCluster.CreateDatabase("sync_clock");
        var ahead = new ShiftedTime(TimeSpan.FromHours(1));
        await using var fast = await ObjectQLDatabase.CreateBuilder().UsePostgres(connectionString).AddModel(TestModel.Objects)
            .AddPlugin(new SyncServerPlugin(SyncHarness.Options(time: ahead))).OpenAsync();
        var fastServer = await SyncServer.CreateAsync(fast);
        var (inStep, inStepServer) = await PostgresSyncTests.OpenAsync(connectionString);
        await using var _ = inStep;
        var client = new TestClient();

        var refused = Assert.ThrowsAsync<SyncRequestException>(() => client.SyncAsync(fastServer, client.Create(TestModel.Todo, "t1", ("title", "fast"))));
        Assert.That((refused!.StatusCode, refused.Body.Error.Code), Is.EqualTo((503, SyncErrorCodes.ServerClockOff)));
        Assert.That(await inStep.System.Object("objectql_sync_client").CountAsync(), Is.Zero, "nothing read or written");

        var served = await client.SyncAsync(inStepServer, client.Create(TestModel.Todo, "t1", ("title", "in step")));
        Assert.That(served.Results[0], Is.TypeOf<SyncMutationApplied>());

        ahead.Shift = TimeSpan.Zero;
        var fixedClock = await client.SyncAsync(fastServer);
        Assert.That(fixedClock.ServerChanges, Is.Empty, "once its clock is fixed the server serves again");
    }

    [Test]
    public async Task An_embedded_store_runs_on_the_servers_own_clock_and_is_not_checked()
    {
        await using var harness = await SyncHarness.OpenSqliteAsync(SyncHarness.Options(time: new ShiftedTime(TimeSpan.FromHours(1))));
        var client = new TestClient();
        var response = await client.SyncAsync(harness.Server, client.Create(TestModel.Todo, "t1", ("title", "sqlite")));
        Assert.That(response.Results[0], Is.TypeOf<SyncMutationApplied>());
    }

    /// <summary>The system clock moved by <see cref="Shift"/>: a server whose wall clock is wrong.</summary>
    private sealed class ShiftedTime(TimeSpan shift) : TimeProvider
    {
        public TimeSpan Shift { get; set; } = shift;

        public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + Shift;
    }
}
