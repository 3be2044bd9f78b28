using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using ObjectQL.Cloudflare.Tests.Miniflare;

namespace ObjectQL.Cloudflare.Tests.WasmWorker;

/// <summary>
/// examples/edge/cloudflare-wasm: ObjectQL's .NET core as WebAssembly inside real workerd (Miniflare), a Worker with a
/// real D1 binding, answering the REST shapes (docs/hosting/cloudflare.md, ".NET WebAssembly inside workerd").
/// </summary>
public sealed class WasmWorkerTests
{
    // Workers' limit on a compressed Worker on the paid plan.
    private const long PaidPlanLimit = 10 * 1024 * 1024;

    private MiniflareServer _worker = null!;
    private HttpClient _http = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        _worker = await MiniflareServer.StartBundleAsync(await WasmWorkerBundle.DirectoryAsync(), "modules.json");
        _http = new HttpClient { BaseAddress = _worker.Url };
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        _http.Dispose();
        await _worker.DisposeAsync();
    }

    [Test]
    public async Task A_created_record_is_read_back_by_id_and_in_the_list_from_D1()
    {
        var created = await SendAsync(HttpMethod.Post, "api/data/project", """{"name":"Apollo","budget":1250.50}""", "admin");
        Assert.That(created.Status, Is.EqualTo(HttpStatusCode.Created), created.Body.ToJsonString());
        var id = (string)created.Body["id"]!;
        Assert.That((string?)created.Body["status"], Is.EqualTo("planned"), "the default comes from the pipeline");

        var read = await SendAsync(HttpMethod.Get, $"api/data/project/{id}", null, "member");
        Assert.That(read.Status, Is.EqualTo(HttpStatusCode.OK), read.Body.ToJsonString());
        Assert.That((string?)read.Body["name"], Is.EqualTo("Apollo"));
        Assert.That((decimal?)read.Body["budget"], Is.EqualTo(1250.5m));
        Assert.That((string?)read.Body["@type"], Is.EqualTo("project"));
        Assert.That((string?)read.Body["created_by"], Is.EqualTo("tester"));

        await SendAsync(HttpMethod.Post, "api/data/project", """{"name":"Gemini"}""", "admin");
        var page = await SendAsync(HttpMethod.Get, "api/data/project?limit=1", null, "guest");
        Assert.That(page.Status, Is.EqualTo(HttpStatusCode.OK), page.Body.ToJsonString());
        Assert.That(page.Body["items"]!.AsArray(), Has.Count.EqualTo(1));
        Assert.That((long)page.Body["meta"]!["total"]!, Is.GreaterThanOrEqualTo(2));
        Assert.That((bool)page.Body["meta"]!["has_next"]!, Is.True);
        var all = await SendAsync(HttpMethod.Get, "api/data/project?limit=100", null, "guest");
        Assert.That(all.Body["items"]!.AsArray().Select(i => (string?)i!["id"]), Does.Contain(id));
    }

    [Test]
    public async Task Permissions_validation_and_D1_errors_answer_as_the_REST_API_does()
    {
        var refused = await SendAsync(HttpMethod.Post, "api/data/project", """{"name":"Mercury"}""", "guest");
        Assert.That(refused.Status, Is.EqualTo(HttpStatusCode.Forbidden), refused.Body.ToJsonString());
        Assert.That((string?)refused.Body["error"]!["code"], Is.EqualTo(ErrorCodes.Forbidden));

        var missing = await SendAsync(HttpMethod.Get, "api/data/project/no-such-id", null, "member");
        Assert.That(missing.Status, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That((string?)missing.Body["error"]!["code"], Is.EqualTo(ErrorCodes.NotFound));

        var invalid = await SendAsync(HttpMethod.Post, "api/data/project", """{"budget":12}""", "admin");
        Assert.That(invalid.Status, Is.EqualTo(HttpStatusCode.BadRequest), invalid.Body.ToJsonString());
        Assert.That((string?)invalid.Body["error"]!["details"]![0]!["field"], Is.EqualTo("name"));

        var first = await SendAsync(HttpMethod.Post, "api/data/project", """{"name":"Skylab"}""", "admin");
        Assert.That(first.Status, Is.EqualTo(HttpStatusCode.Created), first.Body.ToJsonString());
        var twice = await SendAsync(HttpMethod.Post, "api/data/project", """{"name":"Skylab"}""", "admin");
        Assert.That(twice.Status, Is.EqualTo(HttpStatusCode.Conflict), twice.Body.ToJsonString());
        Assert.That((string?)twice.Body["error"]!["details"]![0]!["field"], Is.EqualTo("name"));
    }

    [Test]
    public async Task Concurrent_requests_in_one_isolate_all_answer()
    {
        var before = await SendAsync(HttpMethod.Get, "api/data/project?limit=0", null, "guest");
        var calls = Enumerable.Range(0, 12).Select(i => i % 3 == 0
            ? SendAsync(HttpMethod.Post, "api/data/project", $$"""{"name":"concurrent-{{i}}"}""", "admin")
            : SendAsync(HttpMethod.Get, "api/data/project?limit=5", null, "guest"));
        var answers = await Task.WhenAll(calls);

        Assert.That(answers.Select(a => a.Status), Is.EqualTo(Enumerable.Range(0, 12).Select(i => i % 3 == 0 ? HttpStatusCode.Created : HttpStatusCode.OK)));
        var after = await SendAsync(HttpMethod.Get, "api/data/project?limit=0", null, "guest");
        Assert.That((long)after.Body["meta"]!["total"]!, Is.EqualTo((long)before.Body["meta"]!["total"]! + 4));
    }

    [Test]
    public async Task The_bundle_fits_the_paid_plan_size_limit()
    {
        var (raw, gzip) = await WasmWorkerBundle.SizeAsync();
        Assert.That(gzip, Is.LessThan(PaidPlanLimit), $"{raw} bytes raw, {gzip} gzip");
        Assert.That(gzip, Is.LessThan(raw));
    }

    private async Task<(HttpStatusCode Status, JsonNode Body)> SendAsync(HttpMethod method, string path, string? body, string roles)
    {
        using var request = new HttpRequestMessage(method, path);
        request.Headers.Add("x-user-id", "tester");
        request.Headers.Add("x-roles", roles);
        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8, "application/json");
        }
        using var response = await _http.SendAsync(request);
        return (response.StatusCode, JsonNode.Parse(await response.Content.ReadAsStringAsync())!);
    }
}
