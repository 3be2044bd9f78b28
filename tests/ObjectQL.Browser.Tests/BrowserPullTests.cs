using System.Text.Json;

namespace ObjectQL.Browser.Tests;

/// <summary>
/// A first pull of a few hundred varied labels (every field type the store reads from JSON, nulls, non-ASCII, escaped
/// text, updates and deletes after the creates, pages of 40) in headless Chromium (Scripts/pull-in-chromium.mjs), applied
/// by the browser store itself (objectql-pull.js in the Worker) and by the client's own path into two databases: the
/// tables come out the same, row for row and byte for byte; pages the store must refuse, a store with a logged
/// mutation, and a pull whose page asked for ahead fails once (the test proxy answers it 503), go the client's own way
/// and end as it ends them.
/// </summary>
[TestFixture]
[Parallelizable(ParallelScope.Fixtures)]
public sealed class BrowserPullTests
{
    private JsonElement _results;

    [OneTimeSetUp]
    public async Task RunScenarioAsync()
    {
        var webRoot = await PublishedKit.WebRootAsync();
        await using var server = await SyncServerProcess.StartAsync("--max-changes", "40");
        var output = await ChildProcess.RunAsync(
            "node", [Path.Combine(Repository.Scripts, "pull-in-chromium.mjs"), webRoot, server.Address.ToString()], webRoot, TimeSpan.FromMinutes(8));
        var json = output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Last(static l => l.StartsWith('{'));
        using var document = JsonDocument.Parse(json);
        _results = document.RootElement.Clone();
    }

    [Test]
    public void The_writer_pushed_every_label() => Assert.That(_results.GetProperty("seeded").GetString(), Is.EqualTo("pending=0"));

    [Test]
    public void The_store_applies_a_first_pull_itself()
    {
        Assert.That(Case("plain").GetProperty("applied").GetInt32(), Is.EqualTo(1));
        Assert.That(Case("plain").GetProperty("leftToClient").GetInt32(), Is.Zero);
    }

    [Test]
    public void A_pull_applied_by_the_store_leaves_the_tables_the_client_leaves()
    {
        var dump = Dump("plain");
        Assert.That(Case("plain+reference").GetProperty("applied").GetInt32(), Is.Zero, "the reference store applied the pull its own way");
        // 300 labels, 27 of them deleted before the pull: 273 rows and 273 synced copies.
        Assert.That(dump.Split('\n').Count(l => l.StartsWith("'label-", StringComparison.Ordinal)), Is.EqualTo(273));
        Assert.That(dump.Split('\n').Count(l => l.StartsWith("'pull_label:label-", StringComparison.Ordinal)), Is.EqualTo(273));
        Assert.That(dump, Is.EqualTo(Dump("plain+reference")));
    }

    [TestCase("unknown-field")]
    [TestCase("wrong-type")]
    [TestCase("unknown-object")]
    public void A_page_the_store_refuses_ends_as_the_client_ends_it(string variant)
    {
        Assert.That(Case(variant).GetProperty("applied").GetInt32(), Is.Zero);
        Assert.That(Case(variant).GetProperty("leftToClient").GetInt32(), Is.EqualTo(1), "the first page is refused, the rest of the pull goes the client's way");
        Assert.That(Dump(variant), Is.EqualTo(Dump(variant + "+reference")));
    }

    [Test]
    public void A_pull_whose_page_asked_for_ahead_fails_resumes_from_its_staged_pages_and_ends_as_the_client_ends_it()
    {
        Assert.That(Case("failing").GetProperty("failed").GetInt32(), Is.EqualTo(1), "the third request failed once");
        // Resumed past its first pages (a checkpoint is held): the Worker's staged pages are applied by the client.
        Assert.That(Case("failing").GetProperty("applied").GetInt32(), Is.Zero);
        Assert.That(Dump("failing"), Is.EqualTo(Dump("plain+reference")));
    }

    [Test]
    public void A_store_with_a_logged_mutation_applies_the_pull_the_clients_way()
    {
        Assert.That(Case("pending").GetProperty("applied").GetInt32(), Is.Zero);
        Assert.That(Case("pending").GetProperty("leftToClient").GetInt32(), Is.Zero);
        Assert.That(Case("pending").GetProperty("pending").GetInt32(), Is.Zero);
        Assert.That(Dump("pending"), Does.Contain("'local-1'").And.Contain("'label-0000'"));
    }

    private JsonElement Case(string name) => _results.GetProperty(name);

    private string Dump(string name) => Case(name).GetProperty("dump").GetString()!;
}
