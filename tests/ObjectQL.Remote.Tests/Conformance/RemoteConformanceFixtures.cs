using ObjectQL.Drivers;
using ObjectQL.Drivers.Memory;
using ObjectQL.Postgres;
using ObjectQL.Sqlite;
using ObjectQL.Testing.Postgres;

namespace ObjectQL.Remote.Tests.Conformance;

/// <summary>The kit's query cases through a remote session to a server over the memory driver.</summary>
[TestFixture]
public sealed class RemoteOverMemoryTests : RemoteQueryConformanceTests
{
    protected override Task<IObjectQLDriver> CreateDriverAsync() => Task.FromResult<IObjectQLDriver>(new MemoryDriver());
}

/// <summary>The kit's query cases through a remote session to a server over a SQLite file.</summary>
[TestFixture]
public sealed class RemoteOverSqliteTests : RemoteQueryConformanceTests
{
    private string _path = "";

    protected override Task<IObjectQLDriver> CreateDriverAsync()
    {
        _path = Path.Combine(Path.GetTempPath(), $"remote-kit-{Guid.NewGuid():N}.db");
        return Task.FromResult<IObjectQLDriver>(new SqliteDriver($"Data Source={_path}"));
    }

    protected override Task TearDownDriverAsync()
    {
        foreach (var file in new[] { _path, _path + "-wal", _path + "-shm" })
        {
            File.Delete(file);
        }
        return Task.CompletedTask;
    }
}

/// <summary>The kit's query cases through a remote session to a server over a fresh PostgreSQL schema.</summary>
[TestFixture]
public sealed class RemoteOverPostgresTests : RemoteQueryConformanceTests
{
    private string? _schema;

    protected override Task<IObjectQLDriver> CreateDriverAsync()
    {
        _schema = PostgresCluster.CreateSchema("remote");
        return Task.FromResult<IObjectQLDriver>(new PostgresDriver(_schema));
    }

    protected override Task TearDownDriverAsync()
    {
        if (_schema is not null)
        {
            PostgresCluster.DropSchema(_schema);
        }
        return Task.CompletedTask;
    }
}

/// <summary>Stops the PostgreSQL cluster the tests started, once every fixture has run.</summary>
[SetUpFixture]
public sealed class PostgresClusterLifetime
{
    [OneTimeTearDown]
    public void StopCluster() => PostgresCluster.Stop();
}
