using ObjectQL.Postgres;
using ObjectQL.Sync.Server.Tests.Support;
using ObjectQL.Testing.Postgres;

namespace ObjectQL.Sync.Server.Tests.Server;

/// <summary>Runs on a SQLite file.</summary>
public sealed class SqlitePushRunTests : PushRunTests
{
    private protected override async Task<(ObjectQLDatabase Database, SyncServer Server, IAsyncDisposable Owner)> OpenAsync()
    {
        var harness = await SyncHarness.OpenSqliteAsync();
        return (harness.Database, harness.Server, harness);
    }
}

/// <summary>Runs on the PostgreSQL the tests start.</summary>
[NonParallelizable]
public sealed class PostgresPushRunTests : PushRunTests
{
    private protected override async Task<(ObjectQLDatabase Database, SyncServer Server, IAsyncDisposable Owner)> OpenAsync()
    {
        var database = await ObjectQLDatabase.CreateBuilder()
            .UsePostgres(PostgresCluster.CreateDatabase("sync_runs"))
            .AddModel(TestModel.Objects)
            .AddPlugin(new SyncServerPlugin(SyncHarness.Options()))
            .OpenAsync();
        return (database, await SyncServer.CreateAsync(database), database);
    }
}

/// <summary>Runs on a SQLite file.</summary>
public sealed class SqliteClockRowKeyTests : ClockRowKeyTests
{
    private protected override async Task<(ObjectQLDatabase Database, SyncServer Server, IAsyncDisposable Owner)> OpenAsync()
    {
        var harness = await SyncHarness.OpenSqliteAsync();
        return (harness.Database, harness.Server, harness);
    }
}

/// <summary>Runs on the PostgreSQL the tests start.</summary>
[NonParallelizable]
public sealed class PostgresClockRowKeyTests : ClockRowKeyTests
{
    private protected override async Task<(ObjectQLDatabase Database, SyncServer Server, IAsyncDisposable Owner)> OpenAsync()
    {
        var database = await ObjectQLDatabase.CreateBuilder()
            .UsePostgres(PostgresCluster.CreateDatabase("sync_clock_keys"))
            .AddModel(TestModel.Objects)
            .AddPlugin(new SyncServerPlugin(SyncHarness.Options()))
            .OpenAsync();
        return (database, await SyncServer.CreateAsync(database), database);
    }
}
