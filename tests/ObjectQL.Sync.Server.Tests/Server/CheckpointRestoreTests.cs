using ObjectQL.Sync.Protocol;
using ObjectQL.Sync.Server.Tests.Support;

namespace ObjectQL.Sync.Server.Tests.Server;

/// <summary>
/// A restored database (RFC 5): the test copies the SQLite file back, so it runs on SQLite only (the D1 run of these
/// tests in tests/ObjectQL.Cloudflare.Tests has no file to copy).
/// </summary>
public class CheckpointRestoreTests
{
    [Test]
    public async Task A_restored_database_is_detected_without_an_operator()
    {
        var directory = SyncHarness.NewDirectory();
        var file = Path.Combine(directory, "server.db");
        var client = new TestClient("restore-user");
        await using (var harness = await SyncHarness.OpenSqliteAsync(directory: directory))
        {
            await CheckpointTests.WriteAsync(harness, "r1");
            await client.PullAllAsync(harness.Server);
        }
        File.Copy(file, file + ".backup");
        await using (var harness = await SyncHarness.OpenSqliteAsync(directory: directory))
        {
            await CheckpointTests.WriteAsync(harness, "r2");
            await CheckpointTests.WriteAsync(harness, "r3");
            await client.PullAllAsync(harness.Server);
        }
        var afterBackup = client.Checkpoint;
        File.Copy(file + ".backup", file, overwrite: true);
        await using (var harness = await SyncHarness.OpenSqliteAsync(directory: directory))
        {
            await CheckpointTests.WriteAsync(harness, "other-2");
            var behind = await client.SyncAsync(harness.Server);
            Assert.That(behind.ResyncReason, Is.EqualTo(ResyncReason.Restore), "its position is past the restored head");

            await CheckpointTests.WriteAsync(harness, "other-3");
            await CheckpointTests.WriteAsync(harness, "other-4");
            client.Checkpoint = afterBackup;
            var reused = await client.SyncAsync(harness.Server);
            Assert.That(reused.ResyncReason, Is.EqualTo(ResyncReason.Restore), "its position was handed out again with another tag");
        }
        Directory.Delete(directory, recursive: true);
    }
}
