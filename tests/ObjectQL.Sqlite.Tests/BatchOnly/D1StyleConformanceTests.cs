using ObjectQL.Drivers;
using ObjectQL.Sql;
using ObjectQL.Testing;

namespace ObjectQL.Sqlite.Tests.BatchOnly;

/// <summary>
/// The whole conformance kit against a store that behaves as Cloudflare D1 does (<see cref="D1Double"/>): no
/// transaction across calls, every call one atomic batch, rows as JSON. Where the batch-only model answers
/// differently, the kit asks <see cref="DriverCapabilities.TransactionModelOf"/> and checks the documented behaviour.
/// </summary>
[TestFixture]
public sealed class D1StyleConformanceTests : DriverConformanceTests
{
    private string? _path;

    protected override Task<IObjectQLDriver> CreateDriverAsync()
    {
        _path = Path.Combine(Path.GetTempPath(), $"objectql-d1-{Guid.NewGuid():N}.db");
        return OpenSameStoreAsync();
    }

    protected override Task<IObjectQLDriver> OpenSameStoreAsync() =>
        Task.FromResult<IObjectQLDriver>(new SqlDriver(new D1StyleExecutor(new D1Double(_path!))));

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
