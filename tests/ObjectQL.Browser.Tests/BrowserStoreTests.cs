using System.Text.Json;

namespace ObjectQL.Browser.Tests;

/// <summary>
/// The browser store's page-level behaviour in headless Chromium (Scripts/store-checks-in-chromium.mjs, run once for
/// the fixture): persistence across reloads, the IndexedDB fallback, the one-tab rule, and the preload of index.html.
/// </summary>
[TestFixture]
[Parallelizable(ParallelScope.Fixtures)]
public sealed class BrowserStoreTests
{
    private static readonly Lazy<Task<JsonElement>> s_checks = new(RunAsync);

    [Test]
    public async Task A_note_written_in_OPFS_survives_a_reload()
    {
        var opfs = (await s_checks.Value).GetProperty("opfs");
        Assert.That(opfs.EnumerateArray().Select(static e => e.GetString()), Is.EqualTo(new[] { "Opfs:1", "Opfs:2" }));
    }

    [Test]
    public async Task Without_OPFS_the_IndexedDB_image_survives_a_reload()
    {
        var indexedDb = (await s_checks.Value).GetProperty("indexedDb");
        Assert.That(indexedDb.EnumerateArray().Select(static e => e.GetString()), Is.EqualTo(new[] { "IndexedDb:1", "IndexedDb:2" }));
    }

    [Test]
    public Task A_second_tab_is_told_the_database_is_open_in_another_tab() => AssertRefusedAsInUse("secondTab");

    [Test]
    public async Task Once_the_owning_tab_is_gone_the_next_tab_opens_the_store()
    {
        Assert.That((await s_checks.Value).GetProperty("afterFirstTabClosed").GetString(), Is.EqualTo("Opfs:3"));
    }

    [Test]
    public async Task A_database_preloaded_by_the_page_is_adopted_by_the_apps_open()
    {
        var checks = await s_checks.Value;
        Assert.That(checks.GetProperty("preloadedBeforeOpen").GetString(), Is.EqualTo("opfs"), "the page opened the database before .NET asked");
        Assert.That(checks.GetProperty("preloaded").GetString(), Is.EqualTo("Opfs:1"));
        Assert.That(checks.GetProperty("preloadedWorkers").GetInt32(), Is.EqualTo(1), "the app's open used the preload's Worker");
    }

    [Test]
    public Task A_second_tab_that_preloads_is_told_the_database_is_open_in_another_tab() => AssertRefusedAsInUse("preloadedSecondTab");

    [Test]
    public async Task A_preload_of_another_storage_gives_way_to_the_storage_the_app_asks_for()
    {
        Assert.That((await s_checks.Value).GetProperty("preloadedOtherStorage").GetString(), Is.EqualTo("IndexedDb:1"));
    }

    private static async Task AssertRefusedAsInUse(string check)
    {
        var answer = (await s_checks.Value).GetProperty(check).GetString();
        Assert.That(answer, Does.StartWith("error:database_in_use:").And.Contain("open in another tab"));
    }

    private static async Task<JsonElement> RunAsync()
    {
        var webRoot = await PublishedKit.WebRootAsync();
        var output = await ChildProcess.RunAsync("node", [Path.Combine(Repository.Scripts, "store-checks-in-chromium.mjs"), webRoot], webRoot, TimeSpan.FromMinutes(5));
        var json = output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Last(static l => l.StartsWith('{'));
        using var document = JsonDocument.Parse(json);
        // The bulk write's time is a measurement, not an assertion (docs/performance.md); it is shown with the results.
        await TestContext.Progress.WriteLineAsync("browser store checks: " + json);
        return document.RootElement.Clone();
    }
}
