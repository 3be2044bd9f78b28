using System.Text;
using System.Text.Json;
using ObjectQL.Querying;
using ObjectQL.Sync.Client.Transport;
using ObjectQL.Sync.Protocol;

namespace ObjectQL.Sync.Client.Tests;

// A page read from the wire is staged as the response body it arrived in, not serialized again; rows staged in that
// form, in the array form before it and one change per row before that, all apply after a restart.
[TestFixtureSource(typeof(ClientHarness), nameof(ClientHarness.Stores))]
public sealed class StagedPageTests(string driver)
{
    private const string Staging = "_objectql_client_staging";

    private ClientHarness _h = null!;
    private WireHandler _wire = null!;
    private HttpClient _http = null!;

    [SetUp]
    public async Task SetUp() => _h = await ClientHarness.OpenAsync(driver, transport: (server, options) =>
    {
        _wire = new WireHandler(server);
        _http = new HttpClient(_wire);
        return new HttpSyncTransport(_http, options);
    });

    [TearDown]
    public async Task TearDown()
    {
        await _h.DisposeAsync();
        _http.Dispose();
        ClientHarness.Delete(_h.File);
    }

    private static string Clock(int tick) => $"2026-12-03T09:{tick / 60000 % 60:00}:{tick / 1000 % 60:00}.{tick % 1000:000}Z-00000000-server";

    private async Task<List<string>> StagedTextsAsync() =>
        [.. (await _h.Database.System.Object(Staging).FindAsync(new Query { OrderBy = [new SortSpec("position")] })).Select(r => (string)r["change"]!)];

    [Test]
    public async Task A_page_read_from_the_wire_is_staged_as_the_body_the_server_sent()
    {
        var client = await _h.StartAsync();
        for (var i = 0; i < 450; i++)
        {
            _h.Server.Change("todo", $"t{i:D3}", MutationOperation.Create, 1, Clock(i + 1), FakeServer.Data(("title", $"todo {i}"), ("done", i % 2 == 0)));
        }
        var firstPage = _wire.Bodies.Count;
        List<string> stagedBeforeLastAnswer = [];
        _h.Server.BeforeAnswer = async _ => stagedBeforeLastAnswer = await StagedTextsAsync();
        await client.SyncNowAsync();

        var sent = _wire.Bodies.Skip(firstPage).Take(4).Select(b => Encoding.UTF8.GetString(b)).ToList();
        var count = await _h.Todos.CountAsync();
        var last = await _h.Todos.FindOneAsync("t449");
        Assert.Multiple(async () =>
        {
            Assert.That(stagedBeforeLastAnswer, Is.EqualTo(sent), "the four pages before the last, each the body as it arrived");
            Assert.That(count, Is.EqualTo(450));
            Assert.That(last?["title"], Is.EqualTo("todo 449"));
            Assert.That(last?["done"], Is.EqualTo(false));
            Assert.That(await StagedTextsAsync(), Is.Empty);
        });
    }

    [Test]
    public async Task Pages_staged_in_every_format_by_a_process_that_stopped_apply_in_order_with_the_next_pull()
    {
        var single = new SyncServerChange("todo", "t1", MutationOperation.Create, 1, "2026-12-03T09:00:00.000Z", Clock(1), FakeServer.Data(("title", "one row, one change")));
        var array = new SyncServerChange[]
        {
            new("todo", "t2", MutationOperation.Create, 1, "2026-12-03T09:00:00.000Z", Clock(2), FakeServer.Data(("title", "array form"))),
            new("todo", "t3", MutationOperation.Create, 1, "2026-12-03T09:00:00.000Z", Clock(3), FakeServer.Data(("title", "old title"))),
        };
        var body = SyncJson.Write(new SyncPushResponse([],
        [
            new SyncServerChange("todo", "t3", MutationOperation.Update, 2, "2026-12-03T09:00:00.000Z", Clock(4), FakeServer.Data(("title", "from a body"))),
            new SyncServerChange("todo", "t4", MutationOperation.Create, 1, "2026-12-03T09:00:00.000Z", Clock(5), FakeServer.Data(("title", "four"), ("done", true))),
        ], "cp-2", true, false, Clock(6), 0, SyncLimits.Default), SyncJsonContext.Default.SyncPushResponse);
        // A newer server may add members the client does not know; the transport skips them, and so does the staging.
        var newer = Encoding.UTF8.GetString(body).Replace("\"operation\":\"create\"", "\"operation\":\"create\",\"addedLater\":1", StringComparison.Ordinal);
        Assert.That(newer, Does.Contain("addedLater"));
        await _h.Database.System.Object(Staging).CreateManyAsync(
        [
            new Record { ["id"] = "000000000001", ["position"] = 1d, ["change"] = JsonSerializer.Serialize(single, SyncJsonContext.Default.SyncServerChange) },
            new Record { ["id"] = "000000000002", ["position"] = 2d, ["change"] = JsonSerializer.Serialize<IReadOnlyList<SyncServerChange>>(array, SyncJsonContext.Default.IReadOnlyListSyncServerChange) },
            new Record { ["id"] = "000000000003", ["position"] = 3d, ["change"] = newer },
        ]);
        _h.Server.Change("todo", "t4", MutationOperation.Update, 2, Clock(7), FakeServer.Data(("title", "four, pulled after"), ("done", true)));

        await _h.StartAsync();

        var titles = (await _h.Todos.FindAsync(new Query { OrderBy = [new SortSpec("id")] })).Select(r => (r.Id, r["title"])).ToList();
        Assert.Multiple(async () =>
        {
            Assert.That(titles, Is.EqualTo(new (string?, object?)[]
            {
                ("t1", "one row, one change"), ("t2", "array form"), ("t3", "from a body"), ("t4", "four, pulled after"),
            }));
            Assert.That(await StagedTextsAsync(), Is.Empty);
        });
    }

    [Test]
    public async Task A_staged_body_that_breaks_the_protocol_fails_the_pull_and_changes_nothing()
    {
        var body = SyncJson.Write(new SyncPushResponse([],
        [
            new SyncServerChange("todo", "t1", MutationOperation.Create, 1, "2026-12-03T09:00:00.000Z", Clock(1), FakeServer.Data(("title", "one"))),
        ], "cp-1", true, false, Clock(2), 0, SyncLimits.Default), SyncJsonContext.Default.SyncPushResponse);
        var broken = Encoding.UTF8.GetString(body).Replace("\"serverVersion\":1", "\"serverVersion\":\"1\"", StringComparison.Ordinal);
        Assert.That(broken, Is.Not.EqualTo(Encoding.UTF8.GetString(body)));
        await _h.Database.System.Object(Staging).CreateManyAsync([new Record { ["id"] = "000000000001", ["position"] = 1d, ["change"] = broken }]);

        var client = await _h.Plugin.StartAsync();
        await client.SyncNowAsync();

        Assert.Multiple(async () =>
        {
            Assert.That(client.Status.LastError?.Message, Does.Contain("serverVersion"));
            Assert.That(await _h.Todos.CountAsync(), Is.Zero);
            Assert.That(await StagedTextsAsync(), Is.EqualTo(new[] { broken }), "the staged page stays for a later run");
        });
    }
}
