using System.Text.Json;
using ObjectQL.Browser.Tests;

namespace ObjectQL.OfflinePwa.Tests;

/// <summary>
/// The offline Todo PWA in headless Chromium against its server (Scripts/pwa-in-chromium.mjs, run once for the
/// fixture): offline writes survive a reload and a browser restart and reach the server once on reconnect; two devices
/// editing the same records end as each strategy says. The screenshots of docs/hosting/browser.md are taken on the way.
/// </summary>
[TestFixture]
public sealed class OfflinePwaTests
{
    private JsonElement _seen;
    private IReadOnlyList<JsonElement> _serverTodos = [];
    private IReadOnlyList<JsonElement> _serverNotes = [];

    [OneTimeSetUp]
    public async Task RunScenarioAsync()
    {
        var webRoot = await PublishedPwa.WebRootAsync();
        await using var server = await PwaServer.StartAsync(webRoot);
        // OBJECTQL_SCREENSHOTS=docs refreshes docs/images; otherwise they are kept with the test's artifacts.
        var shots = Environment.GetEnvironmentVariable("OBJECTQL_SCREENSHOTS") == "docs"
            ? Path.Combine(Repository.Root, "docs", "images")
            : Directory.CreateDirectory(Path.Combine(Repository.Root, "artifacts", "offline-pwa-tests", "screenshots")).FullName;
        var output = await ChildProcess.RunAsync(
            "node", [Path.Combine(Repository.Scripts, "pwa-in-chromium.mjs"), server.Address.ToString(), shots], Repository.Scripts, TimeSpan.FromMinutes(5));
        var json = output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Last(static l => l.StartsWith('{'));
        await TestContext.Progress.WriteLineAsync("offline PWA: " + json);
        using var document = JsonDocument.Parse(json);
        _seen = document.RootElement.Clone();
        _serverTodos = await server.RecordsAsync("todo_item");
        _serverNotes = await server.RecordsAsync("note");
    }

    [Test]
    public void The_store_is_OPFS() => Assert.That(_seen.GetProperty("storage").GetString(), Is.EqualTo("Opfs"));

    [Test]
    public void Writes_made_offline_wait_in_the_log() => Assert.That(_seen.GetProperty("offlinePending").GetString(), Is.EqualTo("2 pending"));

    [TestCase("afterReload")]
    [TestCase("afterRestart")]
    public void Offline_the_app_and_its_data_are_still_there(string step)
    {
        var state = _seen.GetProperty(step);
        Assert.Multiple(() =>
        {
            Assert.That(state.GetProperty("online").GetString(), Is.EqualTo("offline"));
            Assert.That(state.GetProperty("pending").GetString(), Is.EqualTo("2 pending"));
            Assert.That(state.GetProperty("titles").EnumerateArray().Select(static t => t.GetString()), Is.EqualTo(new[] { "Buy milk", "Walk the dog", "Written offline" }));
        });
    }

    [Test]
    public void A_failing_sync_is_shown_on_the_page_until_a_sync_succeeds()
    {
        Assert.Multiple(() =>
        {
            Assert.That(_seen.GetProperty("syncError").GetString(), Does.StartWith("sync failed: The store is down."));
            Assert.That(_seen.GetProperty("syncErrorsAfterRecovery").GetInt32(), Is.Zero);
        });
    }

    [Test]
    public void On_reconnect_the_server_gets_each_offline_write_once()
    {
        Assert.Multiple(() =>
        {
            Assert.That(_seen.GetProperty("afterReconnect").GetString(), Is.EqualTo("0 pending"));
            Assert.That(_serverTodos.Count(static t => t.GetProperty("title").GetString() == "Written offline"), Is.EqualTo(1));
            Assert.That(_serverTodos.Single(static t => t.GetProperty("title").GetString() == "Buy milk").GetProperty("done").GetBoolean(), Is.True);
            Assert.That(_serverTodos, Has.Count.EqualTo(3));
        });
    }

    [Test]
    public void A_second_device_pulls_everything() =>
        Assert.That(_seen.GetProperty("bTitles").EnumerateArray().Select(static t => t.GetString()), Is.EqualTo(new[] { "Buy milk", "Walk the dog", "Written offline" }));

    [Test]
    public void Crdt_keeps_both_devices_edits_of_different_fields()
    {
        var todo = _serverTodos.Single(static t => t.GetProperty("title").GetString()!.StartsWith("Walk the dog", StringComparison.Ordinal));
        Assert.Multiple(() =>
        {
            Assert.That(todo.GetProperty("title").GetString(), Is.EqualTo("Walk the dog twice"), "A's title");
            Assert.That(todo.GetProperty("done").GetBoolean(), Is.True, "B's done");
            Assert.That(_seen.GetProperty("a").GetProperty("todo").GetString(), Is.EqualTo("Walk the dog twice|done=yes"));
            Assert.That(_seen.GetProperty("b").GetProperty("todo").GetString(), Is.EqualTo("Walk the dog twice|done=yes"));
        });
    }

    [Test]
    public void Manual_shows_the_conflict_with_both_texts()
    {
        var conflict = _seen.GetProperty("conflict");
        Assert.Multiple(() =>
        {
            Assert.That(conflict.GetProperty("mine").GetString(), Is.EqualTo("milk, bread"));
            Assert.That(conflict.GetProperty("theirs").GetString(), Is.EqualTo("milk, eggs"));
            Assert.That(conflict.GetProperty("parked").GetString(), Is.EqualTo("1 to resolve"));
        });
    }

    [Test]
    public void Manual_the_chosen_merge_reaches_the_server_and_the_other_device()
    {
        Assert.Multiple(() =>
        {
            Assert.That(_serverNotes.Single().GetProperty("body").GetString(), Is.EqualTo("milk, eggs, bread"));
            Assert.That(_seen.GetProperty("a").GetProperty("note").GetString(), Is.EqualTo("milk, eggs, bread"));
            Assert.That(_seen.GetProperty("b").GetProperty("note").GetString(), Is.EqualTo("milk, eggs, bread"));
        });
    }
}
