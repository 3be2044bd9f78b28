using System.Net;

namespace ObjectQL.Server.Tests;

/// <summary>
/// The NativeAOT-published server: a warning-free publish, and the binary answering the REST API over a SQLite file
/// with exact results (the conformance kit's kinds of question: filters, sorts, paging, counts, compare-and-swap, errors).
/// </summary>
[NonParallelizable]
public sealed class NativeServerTests
{
    private ServerProcess _server = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        Assert.That(PublishedServer.Publish.ExitCode, Is.Zero, PublishedServer.Publish.Output);
        _server = await ServerProcess.StartAsync(PublishedServer.Binary, new Dictionary<string, string>
        {
            ["ObjectQL:Sqlite"] = $"Data Source={Path.Combine(PublishedServer.Root, $"smoke-{Guid.NewGuid():N}.db")}",
            ["Server:DevelopmentAuthentication"] = "true",
            ["Sync:CheckpointKey"] = Convert.ToBase64String(new byte[32]),
        });
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }

    [Test]
    public void Publish_reports_no_trimming_or_aot_warnings_and_yields_a_native_executable()
    {
        var warnings = PublishedServer.Publish.TrimOrAotWarnings();
        Assert.Multiple(() =>
        {
            Assert.That(warnings, Is.Empty, PublishedServer.Publish.Output);
            Assert.That(PublishedServer.Publish.Output, Does.Contain("Generating native code"));
            Assert.That(File.Exists(Path.Combine(Path.GetDirectoryName(PublishedServer.Binary)!, "Server.dll")), Is.False,
                "a managed Server.dll in the output means the server was not compiled ahead of time");
        });
    }

    [Test]
    public async Task Health_names_the_native_runtime()
    {
        var (status, body) = await _server.SendAsync(HttpMethod.Get, "/health", user: null);
        Assert.That((status, body?.ToJsonString()), Is.EqualTo((HttpStatusCode.OK, """{"status":"Healthy","runtime":"NativeAot","checks":{"database":"Healthy"}}""")));
    }

    [Test]
    public async Task Rest_smoke_answers_exactly_over_http()
    {
        var owner = $"smoke-{Guid.NewGuid():N}";
        var created = await _server.SendAsync(HttpMethod.Post, "/api/data/todo_item", $$"""
            [{"title":"alpha","owner":"{{owner}}","priority":"low","estimate_hours":3},
             {"title":"bravo","owner":"{{owner}}","priority":"high","estimate_hours":1.5,"done":true},
             {"title":"charlie","owner":"{{owner}}","priority":"medium","due_date":"2026-12-24"}]
            """, user: owner);
        Assert.That((created.Status, (int?)created.Body?["count"]), Is.EqualTo((HttpStatusCode.Created, (int?)3)), created.Body?.ToJsonString());
        var ids = created.Body!["items"]!.AsArray().ToDictionary(i => (string)i!["title"]!, i => (string)i!["id"]!);

        // Filter, sort (array form and string form), paging and meta.
        var open = await _server.SendAsync(HttpMethod.Get, "/api/data/todo_item?filter=" + Uri.EscapeDataString("""{"done":false}""")
            + "&sort=" + Uri.EscapeDataString("""[{"field":"title","order":"desc"}]""") + "&fields=title", user: owner);
        Assert.That(open.Body?.ToJsonString(), Is.EqualTo($$$"""{"items":[{"id":"{{{ids["charlie"]}}}","title":"charlie"},{"id":"{{{ids["alpha"]}}}","title":"alpha"}],"meta":{"total":2,"page":1,"size":100,"pages":1,"has_next":false}}"""));
        var page = await _server.SendAsync(HttpMethod.Get, "/api/data/todo_item?sort=-estimate_hours,title&top=1&skip=1&fields=title", user: owner);
        Assert.That(page.Body?.ToJsonString(), Is.EqualTo($$$"""{"items":[{"id":"{{{ids["bravo"]}}}","title":"bravo"}],"meta":{"total":3,"page":2,"size":1,"pages":3,"has_next":true}}"""));
        var between = await _server.SendAsync(HttpMethod.Get, "/api/data/todo_item?fields=title&filter=" + Uri.EscapeDataString("""[["estimate_hours",">=",1.5],["priority","in",["high","low"]]]"""), user: owner);
        Assert.That(between.Body!["items"]!.AsArray().Select(i => (string)i!["title"]!), Is.EquivalentTo(new[] { "alpha", "bravo" }));
        var count = await _server.SendAsync(HttpMethod.Get, "/api/data/todo_item?limit=0&filter=" + Uri.EscapeDataString("""{"title":{"$startsWith":"a"}}"""), user: owner);
        Assert.That((int?)count.Body?["count"], Is.EqualTo(1));

        // Get by id with typed values, a compare-and-swap update and a stale one.
        var alpha = await _server.SendAsync(HttpMethod.Get, $"/api/data/todo_item/{ids["alpha"]}", user: owner);
        Assert.That((alpha.Body?["estimate_hours"]?.ToJsonString(), (bool?)alpha.Body?["done"], (long?)alpha.Body?["_version"]), Is.EqualTo(("3", (bool?)false, (long?)1)));
        var updated = await _server.SendAsync(HttpMethod.Patch, $"/api/data/todo_item/{ids["alpha"]}", """{"done":true,"_version":1}""", user: owner);
        Assert.That((updated.Status, (long?)updated.Body?["_version"]), Is.EqualTo((HttpStatusCode.OK, (long?)2)));
        var stale = await _server.SendAsync(HttpMethod.Patch, $"/api/data/todo_item/{ids["alpha"]}", """{"done":false,"_version":1}""", user: owner);
        Assert.That((stale.Status, (string?)stale.Body?["error"]?["code"]), Is.EqualTo((HttpStatusCode.Conflict, "CONFLICT")));

        // Bulk update by filter, delete, and the deleted id is gone.
        var bulk = await _server.SendAsync(HttpMethod.Post, "/api/data/todo_item/bulk-update", """{"filters":{"done":true},"data":{"priority":"low"}}""", user: owner);
        Assert.That((int?)bulk.Body?["count"], Is.EqualTo(2));
        var deleted = await _server.SendAsync(HttpMethod.Delete, $"/api/data/todo_item/{ids["bravo"]}", user: owner);
        Assert.That((bool?)deleted.Body?["deleted"], Is.True);
        var gone = await _server.SendAsync(HttpMethod.Get, $"/api/data/todo_item/{ids["bravo"]}", user: owner);
        Assert.That((gone.Status, (string?)gone.Body?["error"]?["code"]), Is.EqualTo((HttpStatusCode.NotFound, "NOT_FOUND")));
    }

    [Test]
    public async Task Sync_pushes_a_create_once_and_another_device_pulls_it_over_the_native_binary()
    {
        var owner = $"sync-{Guid.NewGuid():N}";
        var (writer, reader, record) = (Guid.CreateVersion7().ToString(), Guid.CreateVersion7().ToString(), Guid.CreateVersion7().ToString());
        var now = DateTimeOffset.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'");
        var clock = $"{now}-00000000-{writer}";
        var push = $$"""
            {"clientId":"{{writer}}","clientEpoch":1,"clientClock":"{{clock}}","lastCheckpoint":null,"mutations":[
              {"id":"{{Guid.CreateVersion7()}}","objectName":"todo_item","recordId":"{{record}}","operation":"create",
               "timestamp":"{{now}}","clientId":"{{writer}}","sequence":1,"baseVersion":null,"clock":"{{clock}}",
               "data":{"id":"{{record}}","title":"offline","owner":"{{owner}}"} }]}
            """;
        var versionHeader = new Dictionary<string, string> { ["X-ObjectQL-Sync-Version"] = "1" };

        var pushed = await _server.SendAsync(HttpMethod.Post, "/api/sync", push, user: owner, headers: versionHeader);
        var replayed = await _server.SendAsync(HttpMethod.Post, "/api/sync", push, user: owner, headers: versionHeader);
        var pulled = await _server.SendAsync(HttpMethod.Post, "/api/sync",
            $$"""{"clientId":"{{reader}}","clientEpoch":1,"clientClock":"{{now}}-00000000-{{reader}}","lastCheckpoint":null,"mutations":[]}""",
            user: owner, headers: versionHeader);
        var unversioned = await _server.SendAsync(HttpMethod.Post, "/api/sync", push, user: owner);
        var stored = await _server.SendAsync(HttpMethod.Get, "/api/data/todo_item?limit=0&filter=" + Uri.EscapeDataString($$"""{"owner":"{{owner}}"}"""), user: owner);

        Assert.Multiple(() =>
        {
            Assert.That(pushed.Status, Is.EqualTo(HttpStatusCode.OK), pushed.Body?.ToJsonString());
            Assert.That(pushed.Body!["results"]![0]!["status"]!.GetValue<string>(), Is.EqualTo("applied"));
            Assert.That(replayed.Body!["results"]!.ToJsonString(), Is.EqualTo(pushed.Body["results"]!.ToJsonString()), "a retry gets the first answer");
            Assert.That(pulled.Body!["serverChanges"]!.AsArray().Select(c => c!["recordId"]!.GetValue<string>()), Does.Contain(record));
            Assert.That(unversioned.Status, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That(stored.Body!["count"]!.GetValue<long>(), Is.EqualTo(1), "applied once");
        });
    }

    [Test]
    public async Task Bad_requests_get_the_error_body_and_write_nothing()
    {
        var owner = $"bad-{Guid.NewGuid():N}";
        var unknownObject = await _server.SendAsync(HttpMethod.Get, "/api/data/no_such_object", user: owner);
        var unknownField = await _server.SendAsync(HttpMethod.Post, "/api/data/todo_item", $$"""{"title":"x","owner":"{{owner}}","colour":"red"}""", user: owner);
        var badOperator = await _server.SendAsync(HttpMethod.Get, "/api/data/todo_item?filter=" + Uri.EscapeDataString("""{"title":{"$regex":"x"}}"""), user: owner);
        var malformed = await _server.SendAsync(HttpMethod.Post, "/api/data/todo_item", """{"title":""", user: owner);
        var anonymous = await _server.SendAsync(HttpMethod.Get, "/api/data/todo_item", user: null);
        var forbidden = await _server.SendAsync(HttpMethod.Post, "/api/data/project", """{"name":"p"}""", user: owner, roles: "guest");
        var listed = await _server.SendAsync(HttpMethod.Get, "/api/data/todo_item?limit=0", user: owner);
        Assert.Multiple(() =>
        {
            Assert.That((unknownObject.Status, (string?)unknownObject.Body?["error"]?["code"]), Is.EqualTo((HttpStatusCode.NotFound, "NOT_FOUND")));
            Assert.That((unknownField.Status, (string?)unknownField.Body?["error"]?["code"]), Is.EqualTo((HttpStatusCode.BadRequest, "INVALID_REQUEST")));
            Assert.That(unknownField.Body?["error"]?["details"]?.ToJsonString(), Does.Contain("colour"));
            Assert.That((badOperator.Status, (string?)badOperator.Body?["error"]?["code"]), Is.EqualTo((HttpStatusCode.BadRequest, "INVALID_REQUEST")));
            Assert.That(badOperator.Body?["error"]?.ToJsonString(), Does.Contain("$regex"));
            Assert.That(malformed.Status, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That(anonymous.Status, Is.EqualTo(HttpStatusCode.Unauthorized));
            Assert.That((forbidden.Status, (string?)forbidden.Body?["error"]?["code"]), Is.EqualTo((HttpStatusCode.Forbidden, "FORBIDDEN")));
            Assert.That((int?)listed.Body?["count"], Is.Zero, "a refused request wrote a record");
        });
    }

    [Test]
    public async Task Without_development_authentication_the_header_signs_nobody_in()
    {
        await using var production = await ServerProcess.StartAsync(PublishedServer.Binary, new Dictionary<string, string>
        {
            ["ObjectQL:Sqlite"] = $"Data Source={Path.Combine(PublishedServer.Root, $"production-{Guid.NewGuid():N}.db")}",
        });

        var (status, body) = await production.SendAsync(HttpMethod.Get, "/api/data/todo_item", user: "alice", roles: "admin");

        Assert.That((status, (string?)body?["error"]?["code"]), Is.EqualTo((HttpStatusCode.Unauthorized, "UNAUTHORIZED")));
        Assert.That(production.Output, Does.Contain("development authentication off"));
    }
}
