using System.Net;
using System.Text.Json;
using ObjectQL.AspNetCore.Tests.Rest;

namespace ObjectQL.AspNetCore.Tests.Rpc;

/// <summary>
/// The RPC endpoint, called with bodies exactly as the TypeScript SDK's <c>RemoteDriver</c> builds them
/// (<c>JSON.stringify({op, object, args})</c>, members whose value is undefined left out).
/// </summary>
public sealed class RpcTests
{
    private RestServer _server = null!;

    // One server for the fixture; every test starts from an empty database. Tests that configure the endpoint
    // differently start their own.
    [OneTimeSetUp]
    public async Task Start() => _server = await RestServer.StartAsync();

    [SetUp]
    public Task Reset() => _server.ResetAsync();

    [OneTimeTearDown]
    public async Task Stop() => await _server.DisposeAsync();

    private async Task<JsonElement> CallAsync(string body, string roles = "admin")
    {
        var answer = await _server.PostAsync("/api/objectql", body, roles: roles);
        Assert.That(answer.Status, Is.EqualTo(HttpStatusCode.OK), answer.Text);
        Assert.That(answer.Body.EnumerateObject().Select(p => p.Name), Is.EqualTo(new[] { "data" }), answer.Text);
        return answer.Body.GetProperty("data");
    }

    [Test]
    public async Task Ping_answers_without_credentials()
    {
        var answer = await _server.PostAsync("/api/objectql", """{"op":"ping","object":"_health","args":{}}""", user: null);

        Assert.That(answer.Status, Is.EqualTo(HttpStatusCode.OK), answer.Text);
        Assert.That(answer.Text, Is.EqualTo("""{"data":true}"""));
    }

    [TestCase("{not json")]
    [TestCase("""{"op":"find","object":"item","args":{"filters":[["nope","=",1]]}}""")]
    [TestCase("""{"op":"find","object":"no_such_object"}""")]
    [TestCase("""{"op":"find","object":"item","user":"u1"}""")]
    public async Task Without_credentials_anything_but_a_ping_is_401_before_the_body_is_judged(string body)
    {
        var answer = await _server.PostAsync("/api/objectql", body, user: null);

        Assert.That(answer.Status, Is.EqualTo(HttpStatusCode.Unauthorized), answer.Text);
        Assert.That(answer.ErrorCode, Is.EqualTo(ErrorCodes.Unauthorized));
    }

    [Test]
    public async Task Create_find_findOne_update_delete_in_the_sdk_shapes()
    {
        var created = await CallAsync("""{"op":"create","object":"item","args":{"title":"Milk","qty":2,"due":"2026-12-24"}}""");
        var id = created.GetProperty("id").GetString()!;
        Assert.That(created.GetProperty("qty").GetDouble(), Is.EqualTo(2));
        Assert.That(created.GetProperty("due").GetString(), Is.EqualTo("2026-12-24"));
        Assert.That(created.GetProperty("@type").GetString(), Is.EqualTo("item"));
        Assert.That(created.GetProperty("created_by").GetString(), Is.EqualTo("u1"));

        var found = await CallAsync("""{"op":"find","object":"item","args":{"fields":["title","qty"],"filters":[["qty",">",1]],"sort":[["title","asc"]],"top":20,"skip":0}}""");
        Assert.That(found.GetRawText(), Is.EqualTo($$$"""[{"id":"{{{id}}}","title":"Milk","qty":2}]"""));

        var one = await CallAsync($$$"""{"op":"findOne","object":"item","args":{"id":"{{{id}}}"}}""");
        Assert.That(one.GetProperty("title").GetString(), Is.EqualTo("Milk"));
        var projected = await CallAsync("""{"op":"findOne","object":"item","args":{"id":"ID","query":{"fields":["qty"]}}}""".Replace("ID", id, StringComparison.Ordinal));
        Assert.That(projected.GetRawText(), Is.EqualTo($$$"""{"id":"{{{id}}}","qty":2,"@type":"item"}"""));
        var missing = await CallAsync("""{"op":"findOne","object":"item","args":{"id":"nope"}}""");
        Assert.That(missing.ValueKind, Is.EqualTo(JsonValueKind.Null));

        var updated = await CallAsync("""{"op":"update","object":"item","args":{"id":"ID","data":{"qty":3}}}""".Replace("ID", id, StringComparison.Ordinal));
        Assert.That(updated.GetProperty("qty").GetDouble(), Is.EqualTo(3));
        Assert.That(updated.GetProperty("_version").GetInt64(), Is.EqualTo(2));

        var deleted = await CallAsync($$$"""{"op":"delete","object":"item","args":{"id":"{{{id}}}"}}""");
        Assert.That(deleted.GetRawText(), Is.EqualTo($$$"""{"id":"{{{id}}}","deleted":true,"@type":"item"}"""));
        Assert.That(await _server.Database.Object("item").CountAsync(), Is.Zero);
    }

    [Test]
    public async Task Count_createMany_updateMany_deleteMany_in_the_sdk_shapes()
    {
        var many = await CallAsync("""{"op":"createMany","object":"item","args":[{"title":"a","qty":1},{"title":"b","qty":2},{"title":"c","qty":3}]}""");
        Assert.That(many.EnumerateArray().Select(r => r.GetProperty("title").GetString()), Is.EqualTo(new[] { "a", "b", "c" }));

        Assert.That((await CallAsync("""{"op":"count","object":"item","args":{"qty":{"$gte":2}}}""")).GetInt64(), Is.EqualTo(2));
        Assert.That((await CallAsync("""{"op":"count","object":"item","args":[["qty","<",3]]}""")).GetInt64(), Is.EqualTo(2));
        Assert.That((await CallAsync("""{"op":"count","object":"item","args":{"filters":{"title":"a"}}}""")).GetInt64(), Is.EqualTo(1));
        Assert.That((await CallAsync("""{"op":"count","object":"item"}""")).GetInt64(), Is.EqualTo(3));

        var updated = await CallAsync("""{"op":"updateMany","object":"item","args":{"filters":{"qty":{"$gte":2}},"data":{"done":true}}}""");
        Assert.That(updated.GetRawText(), Is.EqualTo("""{"count":2}"""));
        Assert.That(await _server.Database.Object("item").CountAsync(new Querying.Filter.Comparison("done", Querying.FilterOperator.Eq, true)), Is.EqualTo(2));

        var deleted = await CallAsync("""{"op":"deleteMany","object":"item","args":{"filters":[["done","=",true]]}}""");
        Assert.That(deleted.GetRawText(), Is.EqualTo("""{"count":2}"""));
        Assert.That(await _server.Database.Object("item").CountAsync(), Is.EqualTo(1));
    }

    [Test]
    public async Task A_user_in_the_body_is_refused_and_identity_comes_from_authentication()
    {
        var answer = await _server.PostAsync("/api/objectql",
            """{"op":"create","object":"item","args":{"title":"x"},"user":{"id":"admin","roles":["admin"]}}""", roles: "guest");

        Assert.That(answer.Status, Is.EqualTo(HttpStatusCode.BadRequest), answer.Text);
        Assert.That(answer.ErrorField, Is.EqualTo("user"));
        Assert.That(await _server.Database.Object("item").CountAsync(), Is.Zero);
        var asGuest = await _server.PostAsync("/api/objectql", """{"op":"create","object":"item","args":{"title":"x"}}""", roles: "guest");
        Assert.That(asGuest.Status, Is.EqualTo(HttpStatusCode.Forbidden), asGuest.Text);
    }

    [TestCase("""{"op":"explode","object":"item","args":{}}""", HttpStatusCode.BadRequest, "$.op")]
    [TestCase("""{"op":"action","object":"item","args":{"action":"x"}}""", HttpStatusCode.BadRequest, "$.op")]
    [TestCase("""{"op":"find","object":"nothing","args":{}}""", HttpStatusCode.NotFound, "object")]
    [TestCase("""{"op":"find","object":"item","args":{"filters":{"qty":{"$near":1}}}}""", HttpStatusCode.BadRequest, "qty")]
    [TestCase("""{"op":"update","object":"item","args":{"id":"x"}}""", HttpStatusCode.BadRequest, "$.args.data")]
    [TestCase("""{"op":"update","object":"item","args":{"id":"nope","data":{"qty":1}}}""", HttpStatusCode.NotFound, "id")]
    [TestCase("""{"op":"delete","object":"item","args":{"id":"nope"}}""", HttpStatusCode.NotFound, "id")]
    [TestCase("""{"op":"deleteMany","object":"item","args":{}}""", HttpStatusCode.BadRequest, "$.args.filters")]
    [TestCase("""{"op":"find","object":"item","args":{},"extra":1}""", HttpStatusCode.BadRequest, "$.extra")]
    [TestCase("""{"op":"create","object":"item","args":{"title":"x",""", HttpStatusCode.BadRequest, "$.args.title")]
    public async Task A_bad_call_is_answered_with_the_error_body(string body, HttpStatusCode status, string field)
    {
        var answer = await _server.PostAsync("/api/objectql", body);

        Assert.That(answer.Status, Is.EqualTo(status), answer.Text);
        Assert.That(answer.Body.TryGetProperty("data", out _), Is.False);
        Assert.That(answer.ErrorField, Is.EqualTo(field), answer.Text);
        Assert.That(await _server.Database.Object("item").CountAsync(), Is.Zero);
    }

    [Test]
    public async Task Find_without_a_limit_refuses_more_than_a_page_rather_than_cutting_it_short()
    {
        await using var server = await RestServer.StartAsync(options =>
        {
            options.DefaultPageSize = 2;
            options.MaxPageSize = 2;
        });
        await server.PostAsync("/api/data/item", """[{"title":"a"},{"title":"b"},{"title":"c"}]""");

        var all = await server.PostAsync("/api/objectql", """{"op":"find","object":"item","args":{}}""");
        var paged = await server.PostAsync("/api/objectql", """{"op":"find","object":"item","args":{"top":2,"skip":2}}""");

        Assert.That(all.Status, Is.EqualTo(HttpStatusCode.BadRequest), all.Text);
        Assert.That(all.ErrorReason, Is.EqualTo("too_many_results"));
        Assert.That(paged.Status, Is.EqualTo(HttpStatusCode.OK), paged.Text);
        Assert.That(paged.Body.GetProperty("data").GetArrayLength(), Is.EqualTo(1));
    }

    [Test]
    public async Task The_rpc_path_is_configurable_and_can_be_turned_off()
    {
        await using var moved = await RestServer.StartAsync(options => options.RpcPath = "/rpc/objectql");
        await using var off = await RestServer.StartAsync(options => options.RpcPath = null);

        var atNewPath = await moved.PostAsync("/rpc/objectql", """{"op":"count","object":"item"}""");
        var atOldPath = await moved.PostAsync("/api/objectql", """{"op":"count","object":"item"}""");
        var turnedOff = await off.PostAsync("/api/objectql", """{"op":"count","object":"item"}""");

        Assert.That(atNewPath.Text, Is.EqualTo("""{"data":0}"""));
        Assert.That(atOldPath.Status, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That(turnedOff.Status, Is.EqualTo(HttpStatusCode.NotFound));
    }
}
