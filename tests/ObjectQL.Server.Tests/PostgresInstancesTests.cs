using System.Net;
using ObjectQL.Testing.Postgres;

namespace ObjectQL.Server.Tests;

/// <summary>
/// Two native server processes over one PostgreSQL database (a real cluster the tests start): the stateless service of
/// the edge targets. Whatever one instance writes, the other answers at once and the same way; compare-and-swap holds
/// across them, because versions live in the database, not in a process.
/// </summary>
[NonParallelizable]
public sealed class PostgresInstancesTests
{
    private ServerProcess _first = null!;
    private ServerProcess _second = null!;

    [OneTimeSetUp]
    public async Task StartBothAsync()
    {
        Assert.That(PublishedServer.Publish.ExitCode, Is.Zero, PublishedServer.Publish.Output);
        var settings = new Dictionary<string, string>
        {
            ["ObjectQL:Postgres"] = PostgresCluster.CreateDatabase("objectql_server"),
            ["Server:DevelopmentAuthentication"] = "true",
        };
        // One after the other: the first creates the schema, the second finds it in place.
        _first = await ServerProcess.StartAsync(PublishedServer.Binary, settings);
        _second = await ServerProcess.StartAsync(PublishedServer.Binary, settings);
    }

    [OneTimeTearDown]
    public async Task StopBothAsync()
    {
        foreach (var server in new[] { _first, _second })
        {
            if (server is not null)
            {
                await server.DisposeAsync();
            }
        }
    }

    [Test]
    public async Task A_record_written_on_one_instance_is_read_and_versioned_the_same_on_the_other()
    {
        var owner = $"pg-{Guid.NewGuid():N}";
        var created = await _first.SendAsync(HttpMethod.Post, "/api/data/todo_item", $$"""{"title":"shared","owner":"{{owner}}","estimate_hours":2.5}""", user: owner);
        var id = (string)created.Body!["id"]!;

        var readOnFirst = await _first.SendAsync(HttpMethod.Get, $"/api/data/todo_item/{id}", user: owner);
        var readOnSecond = await _second.SendAsync(HttpMethod.Get, $"/api/data/todo_item/{id}", user: owner);
        var updated = await _second.SendAsync(HttpMethod.Patch, $"/api/data/todo_item/{id}", """{"done":true,"_version":1}""", user: owner);
        var stale = await _first.SendAsync(HttpMethod.Patch, $"/api/data/todo_item/{id}", """{"title":"lost","_version":1}""", user: owner);
        var afterOnFirst = await _first.SendAsync(HttpMethod.Get, $"/api/data/todo_item/{id}", user: owner);
        var afterOnSecond = await _second.SendAsync(HttpMethod.Get, $"/api/data/todo_item/{id}", user: owner);

        Assert.Multiple(() =>
        {
            Assert.That(readOnSecond.Body?.ToJsonString(), Is.EqualTo(readOnFirst.Body?.ToJsonString()));
            Assert.That(((string?)readOnSecond.Body?["title"], readOnSecond.Body?["estimate_hours"]?.ToJsonString(), (long?)readOnSecond.Body?["_version"]),
                Is.EqualTo(("shared", "2.5", (long?)1)));
            Assert.That((updated.Status, (long?)updated.Body?["_version"]), Is.EqualTo((HttpStatusCode.OK, (long?)2)));
            Assert.That((stale.Status, (string?)stale.Body?["error"]?["code"]), Is.EqualTo((HttpStatusCode.Conflict, "CONFLICT")));
            Assert.That(afterOnFirst.Body?.ToJsonString(), Is.EqualTo(afterOnSecond.Body?.ToJsonString()));
            Assert.That(((string?)afterOnFirst.Body?["title"], (bool?)afterOnFirst.Body?["done"], (long?)afterOnFirst.Body?["_version"]),
                Is.EqualTo(("shared", (bool?)true, (long?)2)));
        });
    }

    [Test]
    public async Task Concurrent_writes_on_both_instances_are_all_counted_by_each()
    {
        var owner = $"pg-{Guid.NewGuid():N}";
        var writes = Enumerable.Range(0, 40).Select(i => (i % 2 == 0 ? _first : _second)
            .SendAsync(HttpMethod.Post, "/api/data/todo_item", $$"""{"title":"item {{i}}","owner":"{{owner}}"}""", user: owner));
        var results = await Task.WhenAll(writes);

        var filter = "/api/data/todo_item?limit=0&filter=" + Uri.EscapeDataString($$"""{"owner":"{{owner}}"}""");
        var countedByFirst = await _first.SendAsync(HttpMethod.Get, filter, user: owner);
        var countedBySecond = await _second.SendAsync(HttpMethod.Get, filter, user: owner);
        var listed = await _second.SendAsync(HttpMethod.Get, "/api/data/todo_item?fields=title&top=1000&filter=" + Uri.EscapeDataString($$"""{"owner":"{{owner}}"}"""), user: owner);

        Assert.Multiple(() =>
        {
            Assert.That(results.Select(r => r.Status), Has.All.EqualTo(HttpStatusCode.Created));
            Assert.That(((int?)countedByFirst.Body?["count"], (int?)countedBySecond.Body?["count"]), Is.EqualTo(((int?)40, (int?)40)));
            Assert.That(listed.Body!["items"]!.AsArray().Select(i => (string)i!["title"]!),
                Is.EquivalentTo(Enumerable.Range(0, 40).Select(i => $"item {i}")));
        });
    }
}
