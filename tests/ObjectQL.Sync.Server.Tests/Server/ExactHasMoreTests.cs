using ObjectQL.Sync.Protocol;
using ObjectQL.Sync.Server.Configuration;
using ObjectQL.Sync.Server.Tests.Support;

namespace ObjectQL.Sync.Server.Tests.Server;

/// <summary>
/// <c>hasMore</c> is exact (RFC 6.4): a page that the last change fills says nothing more waits, so a pull of exactly
/// full pages is not followed by an empty one; one change more, and it does. Snapshot and log alike.
/// </summary>
public class ExactHasMoreTests
{
    private const int PageSize = 4;

    // Changes waiting, and the pages they come in: none, exactly one full page, one more, exactly two full pages.
    private static readonly object[] Pages =
    [
        new object[] { 0, new[] { 0 } },
        new object[] { PageSize, new[] { PageSize } },
        new object[] { PageSize + 1, new[] { PageSize, 1 } },
        new object[] { 2 * PageSize, new[] { PageSize, PageSize } },
    ];

    [TestCaseSource(nameof(Pages))]
    public async Task A_snapshot_ends_on_its_last_change_also_when_that_fills_the_page(int records, int[] pages)
    {
        await using var harness = await OpenAsync();
        await CreateTodosAsync(harness, "t", records);
        var client = new TestClient();

        Assert.That(await PageSizesAsync(harness, client), Is.EqualTo(pages));
        Assert.That(await client.PullAllAsync(harness.Server), Is.Empty);
    }

    [Test]
    public async Task A_snapshot_paged_by_the_byte_budget_ends_on_its_last_change()
    {
        await using var harness = await SyncHarness.OpenSqliteAsync(SyncHarness.Options(new SyncEndpointConfig { MaxChangeBytesPerResponse = 1 }));
        await CreateTodosAsync(harness, "t", 3);

        Assert.That(await PageSizesAsync(harness, new TestClient()), Is.EqualTo(new[] { 1, 1, 1 }));
    }

    [Test]
    public async Task A_snapshot_page_filled_by_one_object_says_more_waits_when_a_later_object_holds_a_record()
    {
        await using var harness = await OpenAsync();
        // Notes come before to-dos in the snapshot's order (by name).
        for (var i = 0; i < PageSize; i++)
        {
            await harness.Database.Object(TestModel.Note).CreateAsync(new Record { ["id"] = $"n{i}", ["title"] = $"{i}" });
        }
        await CreateTodosAsync(harness, "t", 1);
        var client = new TestClient();

        var first = await client.SyncAsync(harness.Server);
        var rest = await client.PullAllAsync(harness.Server);

        Assert.That((first.ServerChanges.Count, first.HasMore), Is.EqualTo((PageSize, true)));
        Assert.That(rest.Select(c => c.RecordId), Is.EqualTo(new[] { "t0" }));
    }

    [Test]
    public async Task A_snapshot_page_filled_by_its_last_record_says_more_waits_when_the_log_went_on_after_its_head()
    {
        await using var harness = await OpenAsync();
        await CreateTodosAsync(harness, "t", 2 * PageSize);
        var client = new TestClient();
        var first = await client.SyncAsync(harness.Server);
        // Written after the snapshot's head: the snapshot's second page is full and ends the snapshot, but the log waits.
        await harness.Database.Object(TestModel.Todo).UpdateAsync("t0", new Record { ["title"] = "changed during the snapshot" });

        var second = await client.SyncAsync(harness.Server);
        var third = await client.SyncAsync(harness.Server);

        Assert.That((first.ServerChanges.Count, first.HasMore), Is.EqualTo((PageSize, true)));
        Assert.That((second.ServerChanges.Count, second.HasMore), Is.EqualTo((PageSize, true)));
        Assert.That(third.ServerChanges.Select(c => $"{c.RecordId}/{c.Operation}"), Is.EqualTo(new[] { "t0/Update" }));
        Assert.That(third.HasMore, Is.False);
    }

    [TestCaseSource(nameof(Pages))]
    public async Task The_log_ends_on_its_last_change_also_when_that_fills_the_page(int changes, int[] pages)
    {
        await using var harness = await OpenAsync();
        var client = new TestClient();
        await client.PullAllAsync(harness.Server);
        // Commits of three changes and of two in turn: pages end inside commits and at their ends.
        for (var (written, size) = (0, 3); written < changes; size = 5 - size)
        {
            var commit = Math.Min(size, changes - written);
            await CreateTodosAsync(harness, $"c{written}-", commit);
            written += commit;
        }

        Assert.That(await PageSizesAsync(harness, client), Is.EqualTo(pages));
        Assert.That(await client.PullAllAsync(harness.Server), Is.Empty);
    }

    [Test]
    public async Task A_log_page_filled_by_the_last_change_of_a_commit_says_more_waits_when_a_commit_follows()
    {
        await using var harness = await OpenAsync();
        var client = new TestClient();
        await client.PullAllAsync(harness.Server);
        await CreateTodosAsync(harness, "a", PageSize);
        await CreateTodosAsync(harness, "b", 1);

        var first = await client.SyncAsync(harness.Server);
        var second = await client.SyncAsync(harness.Server);

        Assert.That((first.ServerChanges.Count, first.HasMore), Is.EqualTo((PageSize, true)));
        Assert.That((second.ServerChanges.Select(c => c.RecordId), second.HasMore), Is.EqualTo((new[] { "b0" }, false)));
    }

    private static Task<SyncHarness> OpenAsync() =>
        SyncHarness.OpenSqliteAsync(SyncHarness.Options(new SyncEndpointConfig { MaxChangesPerResponse = PageSize }));

    // One commit of this many to-dos.
    private static async Task CreateTodosAsync(SyncHarness harness, string prefix, int count)
    {
        if (count > 0)
        {
            await harness.Database.Object(TestModel.Todo).CreateManyAsync(
                Enumerable.Range(0, count).Select(i => new Record { ["id"] = $"{prefix}{i}", ["title"] = $"{prefix} {i}" }).ToList());
        }
    }

    // The changes of each page until hasMore is false.
    private static async Task<List<int>> PageSizesAsync(SyncHarness harness, TestClient client)
    {
        var sizes = new List<int>();
        SyncPushResponse page;
        do
        {
            page = await client.SyncAsync(harness.Server);
            sizes.Add(page.ServerChanges.Count);
        }
        while (page.HasMore && sizes.Count < 100);
        return sizes;
    }
}
