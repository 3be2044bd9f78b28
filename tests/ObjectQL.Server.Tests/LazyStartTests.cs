using System.Net;

namespace ObjectQL.Server.Tests;

/// <summary>
/// What the native server leaves to the first request that needs it (docs/hosting/aspnetcore.md, "NativeAOT: size and
/// start-up"): OpenSSL is loaded by the first id generated or checkpoint signed, not by the start, and both still work.
/// </summary>
[NonParallelizable]
public sealed class LazyStartTests
{
    [OneTimeSetUp]
    public void RequirePublish() => Assert.That(PublishedServer.Publish.ExitCode, Is.Zero, PublishedServer.Publish.Output);

    [Test]
    public async Task A_restart_serves_reads_without_OpenSSL_and_loads_it_for_the_first_create_and_sync()
    {
        // Development authentication on and no checkpoint key: the sync endpoint signs with a key made for the process.
        var settings = new Dictionary<string, string>
        {
            ["ObjectQL:Sqlite"] = $"Data Source={Path.Combine(PublishedServer.Root, $"lazy-{Guid.NewGuid():N}.db")}",
            ["Server:DevelopmentAuthentication"] = "true",
        };
        // The first start creates the schema; the cold start measured in docs/performance.md is the next one.
        await using (var first = await ServerProcess.StartAsync(PublishedServer.Binary, settings))
        {
        }
        await using var server = await ServerProcess.StartAsync(PublishedServer.Binary, settings);

        var read = await server.SendAsync(HttpMethod.Get, "/api/data/todo_item?limit=1", user: "lazy");
        var afterRead = server.LoadedLibraries();
        var created = await server.SendAsync(HttpMethod.Post, "/api/data/todo_item", """{"title":"lazy","owner":"lazy"}""", user: "lazy");
        var client = Guid.CreateVersion7().ToString();
        var now = DateTimeOffset.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'");
        var pulled = await server.SendAsync(HttpMethod.Post, "/api/sync",
            $$"""{"clientId":"{{client}}","clientEpoch":1,"clientClock":"{{now}}-00000000-{{client}}","lastCheckpoint":null,"mutations":[]}""",
            user: "lazy", headers: new Dictionary<string, string> { ["X-ObjectQL-Sync-Version"] = "1" });
        var afterSync = server.LoadedLibraries();

        Assert.Multiple(() =>
        {
            Assert.That(read.Status, Is.EqualTo(HttpStatusCode.OK), read.Body?.ToJsonString());
            Assert.That(afterRead, Has.None.StartsWith("libcrypto").And.None.StartsWith("libssl"), "OpenSSL was loaded before any request needed it");
            Assert.That(created.Status, Is.EqualTo(HttpStatusCode.Created), created.Body?.ToJsonString());
            Assert.That(created.Body?["id"]?.GetValue<string>(), Has.Length.EqualTo(36), "the create got a UUIDv7 id");
            Assert.That(pulled.Status, Is.EqualTo(HttpStatusCode.OK), pulled.Body?.ToJsonString());
            Assert.That(pulled.Body?["checkpoint"]?.GetValue<string>(), Is.Not.Null.And.Not.Empty, "the pull's checkpoint was not signed");
            Assert.That(pulled.Body?["serverChanges"]?.AsArray().Select(c => c?["recordId"]?.GetValue<string>()), Does.Contain(created.Body?["id"]?.GetValue<string>()));
            Assert.That(afterSync, Has.Some.StartsWith("libcrypto"), "the id and the checkpoint come from OpenSSL once they are needed");
        });
    }
}
