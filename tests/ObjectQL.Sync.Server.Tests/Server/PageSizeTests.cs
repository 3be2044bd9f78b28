using ObjectQL.Sync.Protocol;
using ObjectQL.Sync.Server.Configuration;
using ObjectQL.Sync.Server.Handling;
using ObjectQL.Sync.Server.Tests.Support;

namespace ObjectQL.Sync.Server.Tests.Server;

/// <summary>The client's page-size ask (RFC 6.4): honoured below the server's cap, capped above it, refused under 1.</summary>
public class PageSizeTests
{
    private static readonly SyncEndpointConfig Paging = new() { MaxChangesPerResponse = 3, MaxRequestedChangesPerResponse = 5 };

    [TestCase(null, new[] { 3, 3, 3, 3 })]
    [TestCase(4, new[] { 4, 4, 4 })]
    [TestCase(1, new[] { 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1 })]
    [TestCase(5, new[] { 5, 5, 2 })]
    [TestCase(1000, new[] { 5, 5, 2 })]
    public async Task The_snapshot_and_the_log_come_in_pages_of_the_asked_size_capped_at_the_servers_maximum(int? pageSize, int[] pages)
    {
        await using var harness = await SyncHarness.OpenSqliteAsync(SyncHarness.Options(Paging));
        var objects = harness.Database.Object(TestModel.Todo);
        for (var i = 0; i < 7; i++)
        {
            await objects.CreateAsync(new Record { ["id"] = $"old-{i:00}", ["title"] = $"old {i}" });
        }
        var client = new TestClient();
        var sizes = new List<int>();
        var received = new List<string>();
        var first = await PullAsync(harness, client, pageSize);
        sizes.Add(first.ServerChanges.Count);
        received.AddRange(first.ServerChanges.Select(c => c.RecordId));
        // Written after the snapshot's first page: they arrive through the log, paged the same way.
        await objects.CreateManyAsync(Enumerable.Range(0, 5).Select(i => new Record { ["id"] = $"new-{i}", ["title"] = $"new {i}" }).ToList());
        for (var response = first; response.HasMore;)
        {
            response = await PullAsync(harness, client, pageSize);
            sizes.Add(response.ServerChanges.Count);
            received.AddRange(response.ServerChanges.Select(c => c.RecordId));
        }

        Assert.That(sizes, Is.EqualTo(pages));
        Assert.That(received, Is.EqualTo(Enumerable.Range(0, 7).Select(i => $"old-{i:00}").Concat(Enumerable.Range(0, 5).Select(i => $"new-{i}"))));
    }

    [Test]
    public async Task The_cap_is_never_below_the_servers_own_page()
    {
        await using var harness = await SyncHarness.OpenSqliteAsync(SyncHarness.Options(new SyncEndpointConfig { MaxChangesPerResponse = 4, MaxRequestedChangesPerResponse = 2 }));
        for (var i = 0; i < 6; i++)
        {
            await harness.Database.Object(TestModel.Todo).CreateAsync(new Record { ["id"] = $"t{i}", ["title"] = $"{i}" });
        }

        var page = await PullAsync(harness, new TestClient(), 100);

        Assert.That(page.ServerChanges, Has.Count.EqualTo(4));
        Assert.That(page.HasMore, Is.True);
    }

    [TestCase(0)]
    [TestCase(-1)]
    public async Task A_page_size_under_one_is_refused_whole_and_nothing_is_applied(int pageSize)
    {
        await using var harness = await SyncHarness.OpenSqliteAsync(SyncHarness.Options(Paging));
        var client = new TestClient();
        var request = client.Request(client.Create(TestModel.Todo, "refused", ("title", "not written")));

        var refused = Assert.ThrowsAsync<SyncRequestException>(() => harness.Server.HandleAsync(request, client.Context, pageSize, CancellationToken.None));

        Assert.That(refused!.StatusCode, Is.EqualTo(400));
        Assert.That(refused.Body.Error.Code, Is.EqualTo(ErrorCodes.InvalidRequest));
        Assert.That(refused.Body.Error.Details![0].Field, Is.EqualTo(SyncProtocol.PageSizeHeader));
        Assert.That(await harness.Database.Object(TestModel.Todo).CountAsync(), Is.Zero);
    }

    [Test]
    public void A_cap_under_one_is_refused_by_the_settings()
    {
        var error = Assert.Throws<ObjectQLException>(() => new SyncEndpointConfig { MaxRequestedChangesPerResponse = 0 }.Validate());

        Assert.That(error!.Details![0].Field, Is.EqualTo(nameof(SyncEndpointConfig.MaxRequestedChangesPerResponse)));
    }

    private static async Task<SyncPushResponse> PullAsync(SyncHarness harness, TestClient client, int? pageSize)
    {
        var response = await harness.Server.HandleAsync(client.Request(), client.Context, pageSize, CancellationToken.None);
        client.Checkpoint = response.Checkpoint;
        return response;
    }
}
