using ObjectQL.Drivers;
using ObjectQL.Testing;

namespace ObjectQL.Sqlite.Tests;

/// <summary>The conformance kit against a fresh SQLite file (WAL) per test.</summary>
[TestFixture]
public sealed class SqliteConformanceTests : DriverConformanceTests
{
    private string? _path;

    protected override Task<IObjectQLDriver> CreateDriverAsync()
    {
        _path = Path.Combine(Path.GetTempPath(), $"objectql-tck-{Guid.NewGuid():N}.db");
        return Task.FromResult<IObjectQLDriver>(new SqliteDriver($"Data Source={_path}"));
    }

    protected override Task<IObjectQLDriver> OpenSameStoreAsync() => Task.FromResult<IObjectQLDriver>(new SqliteDriver($"Data Source={_path}"));

    protected override Task TearDownDriverAsync()
    {
        if (_path is not null)
        {
            foreach (var suffix in new[] { "", "-wal", "-shm" })
            {
                File.Delete(_path + suffix);
            }
        }
        return Task.CompletedTask;
    }
}
