using ObjectQL.Drivers;
using ObjectQL.Testing;
using ObjectQL.Testing.Postgres;

namespace ObjectQL.Postgres.Tests;

/// <summary>The conformance kit against a fresh database per test on the PostgreSQL cluster the run starts.</summary>
[TestFixture]
public sealed class PostgresConformanceTests : DriverConformanceTests
{
    private string? _database;

    protected override Task<IObjectQLDriver> CreateDriverAsync()
    {
        _database = PostgresCluster.CreateSchema("tck");
        return Task.FromResult<IObjectQLDriver>(new PostgresDriver(_database));
    }

    protected override Task<IObjectQLDriver> OpenSameStoreAsync() => Task.FromResult<IObjectQLDriver>(new PostgresDriver(_database!));

    protected override Task TearDownDriverAsync()
    {
        if (_database is not null)
        {
            PostgresCluster.DropSchema(_database);
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
