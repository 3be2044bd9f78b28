using ObjectQL.Drivers;
using ObjectQL.Drivers.Memory;
using ObjectQL.Testing;

namespace ObjectQL.Tests;

/// <summary>The memory driver answers the whole conformance kit.</summary>
[TestFixture]
public sealed class MemoryDriverConformanceTests : DriverConformanceTests
{
    /// <inheritdoc />
    protected override Task<IObjectQLDriver> CreateDriverAsync() => Task.FromResult<IObjectQLDriver>(new MemoryDriver());
}
