using ObjectQL.Drivers;
using ObjectQL.Testing;

namespace ObjectQL.Cloudflare.Tests;

/// <summary>The whole conformance kit on Cloudflare D1 in real workerd, through the bridge Worker.</summary>
[TestFixture]
public sealed class D1BridgeConformanceTests : DriverConformanceTests
{
    protected override async Task<IObjectQLDriver> CreateDriverAsync()
    {
        await D1Database.ClearAsync();
        return await OpenSameStoreAsync();
    }

    protected override Task<IObjectQLDriver> OpenSameStoreAsync() =>
        Task.FromResult<IObjectQLDriver>(new D1Driver(MiniflareSetup.Server.BridgeOptions, MiniflareSetup.Http));

    protected override Task TearDownDriverAsync() => D1Database.ClearAsync();

    protected override int? StatementByteLimit => 100_000;
}

/// <summary>The whole conformance kit on Cloudflare D1 in real workerd, through D1's HTTP query API shape.</summary>
[TestFixture]
public sealed class D1HttpApiConformanceTests : DriverConformanceTests
{
    protected override async Task<IObjectQLDriver> CreateDriverAsync()
    {
        await D1Database.ClearAsync();
        return await OpenSameStoreAsync();
    }

    protected override Task<IObjectQLDriver> OpenSameStoreAsync() =>
        Task.FromResult<IObjectQLDriver>(new D1Driver(MiniflareSetup.Server.HttpApiOptions, MiniflareSetup.Http));

    protected override Task TearDownDriverAsync() => D1Database.ClearAsync();

    protected override int? StatementByteLimit => 100_000;
}
