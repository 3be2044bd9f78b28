namespace ObjectQL.Sync.Client.Tests;

// A real process writes to a real SQLite file and is killed (Process.Kill) at a chosen point; the test then reopens the
// file and syncs: nothing acknowledged locally is lost and nothing is applied twice.
public sealed class CrashTests
{
    private string _file = null!;

    [SetUp]
    public void SetUp() => _file = Path.Combine(Path.GetTempPath(), $"objectql-crash-{Guid.NewGuid():N}.db");

    [TearDown]
    public void TearDown() => ClientHarness.Delete(_file);

    [Test]
    public async Task Killed_after_a_local_write_the_write_is_pushed_after_restart()
    {
        await RunUntilAsync("after-write", "WRITTEN");
        await using var h = await ClientHarness.OpenAsync("sqlite", file: _file);
        Assert.That((await h.LogAsync()).Select(r => r["record_id"]), Is.EqualTo(new[] { "w1" }));
        var client = await h.StartAsync();
        await client.WaitForSyncAsync();
        Assert.That(h.Server.ApplyCount, Is.EqualTo(1));
        Assert.That(h.Server.Records.Keys, Is.EqualTo(new[] { "todo/w1" }));
        Assert.That(await h.LogAsync(), Is.Empty);
    }

    [Test]
    public async Task Killed_after_the_server_committed_but_before_the_answer_the_retry_is_replayed_not_applied_again()
    {
        var lines = await RunUntilAsync("after-server-commit", "COMMITTED");
        var sentIds = lines.Single(l => l.StartsWith("APPLIED ", StringComparison.Ordinal))["APPLIED ".Length..].Split(',');
        var server = new FakeServer();
        // The server committed those mutations before the process died.
        server.Records["todo/s1"] = (1, FakeServer.Data(("title", "sent")));
        server.AlreadyApplied(sentIds);
        await using var h = await ClientHarness.OpenAsync("sqlite", server: server, file: _file);
        var log = await h.LogAsync();
        Assert.That((log.Single()["id"], log.Single()["state"]), Is.EqualTo((sentIds.Single(), "in_flight")));
        var client = await h.StartAsync();
        await client.WaitForSyncAsync();
        Assert.That(server.Requests.SelectMany(r => r.Mutations).Select(m => m.Id), Is.EqualTo(sentIds), "resent with the same id");
        Assert.That(server.ApplyCount, Is.Zero, "the retry was answered from the first result");
        Assert.That(await h.LogAsync(), Is.Empty);
    }

    [Test]
    public async Task Killed_mid_merge_the_page_is_applied_once_after_restart()
    {
        await RunUntilAsync("mid-merge", "MERGING");
        var server = new FakeServer();
        for (var i = 1; i <= 3; i++)
        {
            server.Change("todo", $"m{i}", Protocol.MutationOperation.Create, 1, $"2026-12-03T09:00:0{i}.000Z-00000000-server", FakeServer.Data(("title", $"m{i}")));
        }
        await using var h = await ClientHarness.OpenAsync("sqlite", server: server, file: _file);
        Assert.That(await h.Todos.CountAsync(), Is.Zero, "the half-applied page rolled back");
        var client = await h.StartAsync();
        await client.WaitForSyncAsync();
        var titles = (await h.Todos.FindAsync(Querying.Query.All)).Select(r => (string)r["title"]!).Order().ToList();
        Assert.That(titles, Is.EqualTo(new[] { "m1", "m2", "m3" }));
        Assert.That(server.Requests[0].LastCheckpoint, Is.Null, "the checkpoint did not advance past the lost page");
        Assert.That(await h.LogAsync(), Is.Empty, "pulled changes are not logged");
    }

    private async Task<List<string>> RunUntilAsync(string mode, string point)
    {
        await using var child = await CrashApp.StartAsync(mode, _file, point);
        return child.Lines;
    }
}
