using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

using ObjectQL.Cloudflare.Tests.Miniflare;

namespace ObjectQL.Cloudflare.Tests;

/// <summary>
/// examples/edge/cloudflare on real Kestrel (127.0.0.1) over D1 and KV in real workerd: the seed's success criterion,
/// "passes CRUD operations via D1", over HTTP; and one push and pull over its sync endpoint.
/// </summary>
[TestFixture("bridge")]
[TestFixture("http-api")]
public sealed class EdgeExampleSmokeTests(string transport)
{
    private WebApplication _app = null!;
    private HttpClient _http = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        await D1Database.ClearAsync();
        var server = MiniflareSetup.Server;
        var store = transport == "bridge"
            ? new[] { "--CLOUDFLARE_BRIDGE_URL", server.Url.ToString(), "--CLOUDFLARE_BRIDGE_SECRET", MiniflareServer.BridgeSecret, "--CLOUDFLARE_KV_BINDING", "KV" }
            : ["--CLOUDFLARE_API_BASE_URL", new Uri(server.Url, "client/v4/").ToString(), "--CLOUDFLARE_ACCOUNT_ID", MiniflareServer.AccountId,
               "--CLOUDFLARE_D1_DATABASE_ID", MiniflareServer.DatabaseId, "--CLOUDFLARE_API_TOKEN", MiniflareServer.ApiToken, "--CLOUDFLARE_KV_NAMESPACE_ID", MiniflareServer.KvNamespaceId];
        _app = EdgeCloudflare.EdgeServer.Build(
        [
            "--urls", "http://127.0.0.1:0", "--environment", "Production", "--Server:DevelopmentAuthentication", "true",
            .. store,
        ]);
        await _app.StartAsync();
        var address = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        _http = new HttpClient { BaseAddress = new Uri(address) };
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        _http.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
        await D1Database.ClearAsync();
    }

    [Test]
    public async Task Crud_over_http_runs_on_D1()
    {
        var owner = $"smoke-{Guid.NewGuid():N}";
        var created = await SendAsync(HttpMethod.Post, "/api/data/todo_item", $$"""{"title":"alpha","owner":"{{owner}}","priority":"high","estimate_hours":3}""", owner);
        Assert.That(created.Status, Is.EqualTo(HttpStatusCode.Created), created.Body?.ToJsonString());
        var id = (string)created.Body!["id"]!;

        var listed = await SendAsync(HttpMethod.Get, "/api/data/todo_item?fields=title&filter=" + Uri.EscapeDataString("""{"priority":"high"}"""), null, owner);
        Assert.That(listed.Body?["items"]?.ToJsonString(), Is.EqualTo($$"""[{"id":"{{id}}","title":"alpha"}]"""));

        var read = await SendAsync(HttpMethod.Get, $"/api/data/todo_item/{id}", null, owner);
        Assert.That(((string?)read.Body?["title"], read.Body?["estimate_hours"]?.ToJsonString(), (long?)read.Body?["_version"]), Is.EqualTo(("alpha", "3", (long?)1)));

        var updated = await SendAsync(HttpMethod.Patch, $"/api/data/todo_item/{id}", """{"done":true,"_version":1}""", owner);
        Assert.That((updated.Status, (long?)updated.Body?["_version"]), Is.EqualTo((HttpStatusCode.OK, (long?)2)));
        var stale = await SendAsync(HttpMethod.Patch, $"/api/data/todo_item/{id}", """{"done":false,"_version":1}""", owner);
        Assert.That((stale.Status, (string?)stale.Body?["error"]?["code"]), Is.EqualTo((HttpStatusCode.Conflict, "CONFLICT")));
        var reread = await SendAsync(HttpMethod.Get, $"/api/data/todo_item/{id}", null, owner);
        Assert.That((bool?)reread.Body?["done"], Is.True, "the cached read before the update is not served after it");

        var deleted = await SendAsync(HttpMethod.Delete, $"/api/data/todo_item/{id}", null, owner);
        Assert.That((bool?)deleted.Body?["deleted"], Is.True);
        var gone = await SendAsync(HttpMethod.Get, $"/api/data/todo_item/{id}", null, owner);
        Assert.That((gone.Status, (string?)gone.Body?["error"]?["code"]), Is.EqualTo((HttpStatusCode.NotFound, "NOT_FOUND")));
    }

    [Test]
    public async Task Sync_over_http_pushes_once_and_another_device_pulls_it_on_D1()
    {
        var owner = $"sync-{Guid.NewGuid():N}";
        var (writer, reader, record) = (Guid.CreateVersion7().ToString(), Guid.CreateVersion7().ToString(), Guid.CreateVersion7().ToString());
        var now = DateTimeOffset.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", System.Globalization.CultureInfo.InvariantCulture);
        var clock = $"{now}-00000000-{writer}";
        var push = $$"""
            {"clientId":"{{writer}}","clientEpoch":1,"clientClock":"{{clock}}","lastCheckpoint":null,"mutations":[
              {"id":"{{Guid.CreateVersion7()}}","objectName":"todo_item","recordId":"{{record}}","operation":"create",
               "timestamp":"{{now}}","clientId":"{{writer}}","sequence":1,"baseVersion":null,"clock":"{{clock}}",
               "data":{"id":"{{record}}","title":"offline","owner":"{{owner}}"} }]}
            """;
        var pushed = await SendAsync(HttpMethod.Post, "/api/sync", push, owner);
        var replayed = await SendAsync(HttpMethod.Post, "/api/sync", push, owner);
        var pulled = await SendAsync(HttpMethod.Post, "/api/sync",
            $$"""{"clientId":"{{reader}}","clientEpoch":1,"clientClock":"{{now}}-00000000-{{reader}}","lastCheckpoint":null,"mutations":[]}""", owner);
        var stored = await SendAsync(HttpMethod.Get, "/api/data/todo_item?limit=0&filter=" + Uri.EscapeDataString($$"""{"owner":"{{owner}}"}"""), null, owner);

        Assert.That(pushed.Status, Is.EqualTo(HttpStatusCode.OK), pushed.Body?.ToJsonString());
        Assert.That((string?)pushed.Body!["results"]![0]!["status"], Is.EqualTo("applied"));
        Assert.That(replayed.Body!["results"]!.ToJsonString(), Is.EqualTo(pushed.Body["results"]!.ToJsonString()), "a retry gets the first answer");
        Assert.That(pulled.Body!["serverChanges"]!.AsArray().Select(c => (string?)c!["recordId"]), Does.Contain(record));
        Assert.That((long?)stored.Body!["count"], Is.EqualTo(1), "applied once");
    }

    private async Task<(HttpStatusCode Status, JsonNode? Body)> SendAsync(HttpMethod method, string path, string? json, string user)
    {
        using var request = new HttpRequestMessage(method, path);
        request.Headers.Add("X-ObjectQL-User", user);
        request.Headers.Add("X-ObjectQL-Sync-Version", "1");
        request.Headers.Add("X-ObjectQL-Roles", "admin,member");
        if (json is not null)
        {
            request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        }
        using var response = await _http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, text.Length == 0 ? null : JsonNode.Parse(text));
    }
}
