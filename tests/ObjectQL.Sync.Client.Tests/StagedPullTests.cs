using System.Text.Json;
using ObjectQL.Sync.Protocol;

namespace ObjectQL.Sync.Client.Tests;

// The pages of a pull before its last are staged, one row per page, and applied with the last page; rows staged one per
// change by an earlier version of the client still apply.
[TestFixtureSource(typeof(ClientHarness), nameof(ClientHarness.Stores))]
public sealed class StagedPullTests(string driver)
{
    private const string Staging = "_objectql_client_staging";

    private ClientHarness _h = null!;

    [SetUp]
    public async Task SetUp() => _h = await ClientHarness.OpenAsync(driver);

    [TearDown]
    public async Task TearDown()
    {
        await _h.DisposeAsync();
        ClientHarness.Delete(_h.File);
    }

    private static string Clock(int tick) => $"2026-12-03T09:00:{tick / 1000 % 60:00}.{tick % 1000:000}Z-00000000-server";

    [Test]
    public async Task A_pull_of_five_pages_stages_four_rows_and_applies_them_with_the_last_page()
    {
        var client = await _h.StartAsync();
        for (var i = 0; i < 450; i++)
        {
            _h.Server.Change("todo", $"t{i:D3}", MutationOperation.Create, 1, Clock(i + 1), FakeServer.Data(("title", $"todo {i}")));
        }
        var stagedBeforeEachAnswer = new List<long>();
        var todosBeforeEachAnswer = new List<long>();
        _h.Server.BeforeAnswer = async _ =>
        {
            stagedBeforeEachAnswer.Add(await _h.Database.System.Object(Staging).CountAsync(null));
            todosBeforeEachAnswer.Add(await _h.Todos.CountAsync());
        };
        await client.SyncNowAsync();

        var staged = await _h.Database.System.Object(Staging).CountAsync(null);
        var last = await _h.Todos.FindOneAsync("t449");
        var count = await _h.Todos.CountAsync();
        Assert.Multiple(() =>
        {
            Assert.That(stagedBeforeEachAnswer, Is.EqualTo(new long[] { 0, 1, 2, 3, 4 }), "one row per page, the last page not staged");
            Assert.That(todosBeforeEachAnswer, Is.EqualTo(new long[] { 0, 0, 0, 0, 0 }), "nothing applied before the last page");
            Assert.That(count, Is.EqualTo(450));
            Assert.That(last?["title"], Is.EqualTo("todo 449"));
            Assert.That(staged, Is.Zero);
        });
    }

    [Test]
    public async Task Changes_staged_one_row_each_by_an_earlier_version_apply_before_the_pages_pulled_after_them()
    {
        var earlier = new SyncServerChange("todo", "t1", MutationOperation.Create, 1, "2026-12-03T09:00:00.000Z", Clock(1), FakeServer.Data(("title", "staged")));
        var older = new SyncServerChange("todo", "t2", MutationOperation.Create, 1, "2026-12-03T09:00:00.000Z", Clock(2), FakeServer.Data(("title", "old title")));
        await _h.Database.System.Object(Staging).CreateManyAsync(
        [
            new Record { ["id"] = "000000000001", ["position"] = 1d, ["change"] = JsonSerializer.Serialize(earlier, SyncJsonContext.Default.SyncServerChange) },
            new Record { ["id"] = "000000000002", ["position"] = 2d, ["change"] = JsonSerializer.Serialize(older, SyncJsonContext.Default.SyncServerChange) },
        ]);
        _h.Server.Change("todo", "t2", MutationOperation.Update, 2, Clock(3), FakeServer.Data(("title", "new title")));

        await _h.StartAsync();

        var t1 = await _h.Todos.FindOneAsync("t1");
        var t2 = await _h.Todos.FindOneAsync("t2");
        var staged = await _h.Database.System.Object(Staging).CountAsync(null);
        Assert.Multiple(() =>
        {
            Assert.That(t1?["title"], Is.EqualTo("staged"));
            Assert.That(t2?["title"], Is.EqualTo("new title"), "the staged rows come before the page pulled after them");
            Assert.That(staged, Is.Zero);
        });
    }
}
