using ObjectQL.Testing.Postgres;

namespace ObjectQL.Sync.EndToEnd.Tests;

/// <summary>One PostgreSQL cluster for the whole assembly, started on first use and stopped after the last test.</summary>
[SetUpFixture]
public sealed class PostgresClusterFixture
{
    [OneTimeTearDown]
    public void StopCluster() => PostgresCluster.Stop();
}
