using System.Text.Json;

namespace ObjectQL.Browser.Tests;

/// <summary>
/// The sync client inside headless Chromium against the real test sync server (Scripts/sync-in-chromium.mjs): a write
/// made offline stays in the browser store's durable log across closing the page, is pushed once the network is back,
/// and a second browser profile pulls it.
/// </summary>
[TestFixture]
[Parallelizable(ParallelScope.Fixtures)]
public sealed class BrowserSyncTests
{
    private JsonElement _results;

    [OneTimeSetUp]
    public async Task RunScenarioAsync()
    {
        var webRoot = await PublishedKit.WebRootAsync();
        await using var server = await SyncServerProcess.StartAsync();
        var output = await ChildProcess.RunAsync(
            "node", [Path.Combine(Repository.Scripts, "sync-in-chromium.mjs"), webRoot, server.Address.ToString()], webRoot, TimeSpan.FromMinutes(5));
        var json = output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Last(static l => l.StartsWith('{'));
        using var document = JsonDocument.Parse(json);
        _results = document.RootElement.Clone();
    }

    [Test]
    public void A_write_made_offline_succeeds_locally_while_the_client_knows_it_is_offline() =>
        Assert.That(_results.GetProperty("offlineWrite").GetString(), Does.StartWith("online=False;"));

    [Test]
    public void After_closing_the_page_and_reconnecting_the_log_still_holds_it_and_pushes_it() =>
        Assert.That(_results.GetProperty("afterSync").GetString(), Is.EqualTo("online=True;pending=0"));

    // The page that wrote the note was closed while offline, so the server can only have it from the durable log.
    [Test]
    public void Another_browser_profile_pulls_the_write_from_the_server() =>
        Assert.That(_results.GetProperty("otherContextTitles").GetString(), Is.EqualTo("written offline"));
}
