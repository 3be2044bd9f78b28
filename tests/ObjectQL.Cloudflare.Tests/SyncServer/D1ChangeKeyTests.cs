using ObjectQL.Sync.Server.Tests.Support;

namespace ObjectQL.Sync.Server.Tests.Server;

/// <summary>The change rows' keys on D1, a batch-only store: a rekeying counts no deletes there, a duplicate key refuses it.</summary>
public sealed class D1ChangeKeyTests : ChangeKeyTests
{
    // The test's D1 database, the same at each of its opens.
    private string? _directory;

    [SetUp]
    public async Task PrepareStore()
    {
        _directory = SyncHarness.NewDirectory();
        await SyncHarnessStore.PrepareAsync(_directory);
    }

    [TearDown]
    public void ReleaseStore()
    {
        SyncHarnessStore.Release(_directory!);
        Directory.Delete(_directory!, recursive: true);
    }

    private protected override ObjectQLDatabaseBuilder UseStore(ObjectQLDatabaseBuilder builder) => builder.UseStore(_directory!);
}
