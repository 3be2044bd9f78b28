using System.Text.Json;

namespace ObjectQL.Browser.Tests;

/// <summary>
/// The browser store's page-level behaviour in headless Chromium (Scripts/store-checks-in-chromium.mjs, run once for
/// the fixture): persistence across reloads, the IndexedDB fallback, the one-tab rule, the preload of index.html, and
/// the bulk insert's rows.
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

    [Test]
    public async Task A_first_visit_creates_only_the_pool_files_one_database_needs()
    {
        // Each pool file is created and flushed while the page starts: the database and its journal, and two spare.
        var checks = await s_checks.Value;
        Assert.That(checks.GetProperty("firstVisitPreloaded").GetString(), Is.EqualTo("opfs"));
        Assert.That(checks.GetProperty("firstVisitPoolFiles").GetInt32(), Is.EqualTo(4));
        Assert.That(checks.GetProperty("firstVisitNote").GetString(), Is.EqualTo("Opfs:1"), "the database works after the warm-up moved behind its open");
    }

    [Test]
    public async Task The_worker_starts_loading_sqlite_wasm_itself_and_fetches_its_webassembly_once()
    {
        // Named after sqlite-wasm's URL, the Worker starts its load as soon as its first module has run; the
        // WebAssembly it compiles beside the module is the one sqlite-wasm instantiates, not fetched a second time.
        var checks = await s_checks.Value;
        Assert.That(checks.GetProperty("firstVisitWorkerName").GetString(), Does.EndWith("/sqlite-wasm/index.mjs"));
        Assert.That(checks.GetProperty("firstVisitWasmRequests").GetInt32(), Is.EqualTo(1));
    }

    [Test]
    public async Task Rows_of_a_bulk_insert_are_stored_as_the_same_rows_written_one_at_a_time()
    {
        var checks = (await s_checks.Value).GetProperty("bulkInsert");
        var bulk = checks.GetProperty("bulk").GetString()!.Split('\u001e');
        Assert.That(bulk, Has.Length.EqualTo(10), "every row of the three batches");
        Assert.That(bulk, Is.EqualTo(checks.GetProperty("single").GetString()!.Split('\u001e')));
        Assert.That(bulk[1], Is.EqualTo("a2 'quote \" back\\slash\n\ttab' text 42 integer 1.0e+300 real -1.0e+300 real"), "a whole real beyond 2^63 stays a real");
    }

    [Test]
    public async Task A_plain_bulk_insert_in_the_drivers_form_reads_its_rows_from_JSON()
    {
        var checks = (await s_checks.Value).GetProperty("bulkInsert");
        Assert.That(checks.GetProperty("jsonInserts").GetString(), Is.EqualTo("1"), "INSERT ... VALUES (@p0, ...) ran as one INSERT ... SELECT ... FROM json_each(?1)");
    }

    [Test]
    public async Task A_bulk_insert_refused_by_one_row_keeps_none_of_its_rows()
    {
        var checks = (await s_checks.Value).GetProperty("bulkInsert");
        Assert.That(checks.GetProperty("refused").GetString(), Is.EqualTo("UniqueViolation"));
        Assert.That(checks.GetProperty("rowsBeforeRefusal").GetString(), Is.EqualTo("10"));
        Assert.That(checks.GetProperty("rowsAfterRefusal").GetString(), Is.EqualTo("10"), "the rows before the repeated id are not kept either");
    }

    [Test]
    public async Task A_model_with_a_pattern_is_refused_by_an_app_published_without_pattern_checks()
    {
        // The kit is published with ObjectQL.Validation.Patterns.IsSupported=false: a pattern must never go unchecked.
        var answer = (await s_checks.Value).GetProperty("patternModel").GetString();
        Assert.That(answer, Does.StartWith("pattern_unsupported:").And.Contain("Field 'code' of 'coded' has a pattern"));
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
