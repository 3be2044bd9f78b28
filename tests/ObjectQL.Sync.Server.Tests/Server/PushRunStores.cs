using ObjectQL.Postgres;
using ObjectQL.Sync.Server.Tests.Support;
using ObjectQL.Testing.Postgres;

namespace ObjectQL.Sync.Server.Tests.Server;

/// <summary>A server over a new, empty store of each kind, and what to dispose when the test ends.</summary>
internal static class PushStores
{
    public static async Task<(ObjectQLDatabase Database, SyncServer Server, IAsyncDisposable Owner)> SqliteAsync()
    {
        var harness = await SyncHarness.OpenSqliteAsync();
        return (harness.Database, harness.Server, harness);
    }

    public static async Task<(ObjectQLDatabase Database, SyncServer Server, IAsyncDisposable Owner)> PostgresAsync(string databaseName)
    {
        var database = await ObjectQLDatabase.CreateBuilder()
            .UsePostgres(PostgresCluster.CreateDatabase(databaseName))
            .AddModel(TestModel.Objects)
            .AddPlugin(new SyncServerPlugin(SyncHarness.Options()))
            .OpenAsync();
        return (database, await SyncServer.CreateAsync(database), database);
    }
}

/// <summary>Runs on a SQLite file.</summary>
public sealed class SqlitePushRunTests : PushRunTests
{
    private protected override Task<(ObjectQLDatabase Database, SyncServer Server, IAsyncDisposable Owner)> OpenAsync() => PushStores.SqliteAsync();
}

/// <summary>Runs on the PostgreSQL the tests start.</summary>
[NonParallelizable]
public sealed class PostgresPushRunTests : PushRunTests
{
    private protected override Task<(ObjectQLDatabase Database, SyncServer Server, IAsyncDisposable Owner)> OpenAsync() => PushStores.PostgresAsync("sync_runs");
}

/// <summary>Runs on a SQLite file.</summary>
public sealed class SqliteClockRowKeyTests : ClockRowKeyTests
{
    private protected override Task<(ObjectQLDatabase Database, SyncServer Server, IAsyncDisposable Owner)> OpenAsync() => PushStores.SqliteAsync();
}

/// <summary>Runs on the PostgreSQL the tests start.</summary>
[NonParallelizable]
public sealed class PostgresClockRowKeyTests : ClockRowKeyTests
{
    private protected override Task<(ObjectQLDatabase Database, SyncServer Server, IAsyncDisposable Owner)> OpenAsync() => PushStores.PostgresAsync("sync_clock_keys");
}

/// <summary>Runs on a SQLite file.</summary>
public sealed class SqliteClockRowUpgradeTests : ClockRowUpgradeTests
{
    private readonly string _directory = SyncHarness.NewDirectory();

    private protected override ObjectQLDatabaseBuilder UseStore(ObjectQLDatabaseBuilder builder) => builder.UseStore(_directory);

    [OneTimeTearDown]
    public void DeleteStore()
    {
        SyncHarnessStore.Release(_directory);
        Directory.Delete(_directory, recursive: true);
    }
}

/// <summary>Runs on the PostgreSQL the tests start.</summary>
[NonParallelizable]
public sealed class PostgresClockRowUpgradeTests : ClockRowUpgradeTests
{
    private readonly Lazy<string> _database = new(() => PostgresCluster.CreateDatabase("sync_clock_upgrade"));

    private protected override ObjectQLDatabaseBuilder UseStore(ObjectQLDatabaseBuilder builder) => builder.UsePostgres(_database.Value);

    [OneTimeTearDown]
    public void DropStore()
    {
        if (_database.IsValueCreated)
        {
            PostgresCluster.DropDatabase(_database.Value);
        }
    }
}

/// <summary>Runs on a SQLite file.</summary>
public sealed class SqliteChangeKeyTests : ChangeKeyTests
{
    // A directory per test, the same at each of its opens.
    private readonly Dictionary<string, string> _directories = [];

    private protected override ObjectQLDatabaseBuilder UseStore(ObjectQLDatabaseBuilder builder)
    {
        var test = TestContext.CurrentContext.Test.ID;
        if (!_directories.TryGetValue(test, out var directory))
        {
            _directories[test] = directory = SyncHarness.NewDirectory();
        }
        return builder.UseStore(directory);
    }

    [OneTimeTearDown]
    public void DeleteStores()
    {
        foreach (var directory in _directories.Values)
        {
            SyncHarnessStore.Release(directory);
            Directory.Delete(directory, recursive: true);
        }
    }
}

/// <summary>Runs on the PostgreSQL the tests start.</summary>
[NonParallelizable]
public sealed class PostgresChangeKeyTests : ChangeKeyTests
{
    private readonly Dictionary<string, string> _databases = [];

    private protected override ObjectQLDatabaseBuilder UseStore(ObjectQLDatabaseBuilder builder)
    {
        var test = TestContext.CurrentContext.Test.ID;
        if (!_databases.TryGetValue(test, out var database))
        {
            _databases[test] = database = PostgresCluster.CreateDatabase("sync_change_keys_" + _databases.Count);
        }
        return builder.UsePostgres(database);
    }

    [OneTimeTearDown]
    public void DropStores()
    {
        foreach (var database in _databases.Values)
        {
            PostgresCluster.DropDatabase(database);
        }
    }
}
