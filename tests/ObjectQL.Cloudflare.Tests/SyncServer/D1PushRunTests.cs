using ObjectQL.Sync.Server.Tests.Support;

namespace ObjectQL.Sync.Server.Tests.Server;

/// <summary>The push's runs on D1 (libs/ObjectQL.Sync.Server/SyncServer.Batched.cs).</summary>
public sealed class D1PushRunTests : PushRunTests
{
    private protected override bool ReadsSeeOwnWrites => false;

    private protected override async Task<(ObjectQLDatabase Database, SyncServer Server, IAsyncDisposable Owner)> OpenAsync()
    {
        var harness = await SyncHarness.OpenSqliteAsync();
        return (harness.Database, harness.Server, harness);
    }
}
