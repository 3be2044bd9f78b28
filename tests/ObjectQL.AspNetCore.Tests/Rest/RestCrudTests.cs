using System.Net;
using System.Text.Json;

namespace ObjectQL.AspNetCore.Tests.Rest;

public sealed class RestCrudTests
{
    private RestServer _server = null!;

    // One server for the fixture; every test starts from an empty database.
    [OneTimeSetUp]
    public async Task Start() => _server = await RestServer.StartAsync();

    [SetUp]
    public Task Reset() => _server.ResetAsync();

    [OneTimeTearDown]
    public async Task Stop() => await _server.DisposeAsync();

    [Test]
    public async Task Post_returns_the_stored_record_with_typed_values_and_get_reads_it_back()
    {
        var created = await _server.PostAsync("/api/data/item",
            """{"title":"Milk","qty":3,"price":12.50,"due":"2026-12-03","priority":"high","tags":["a","b"]}""");

        Assert.That(created.Status, Is.EqualTo(HttpStatusCode.Created), created.Text);
        var body = created.Body;
        var id = body.GetProperty("id").GetString()!;
        Assert.Multiple(() =>
        {
            Assert.That(body.GetProperty("title").GetString(), Is.EqualTo("Milk"));
            Assert.That(body.GetProperty("qty").ValueKind, Is.EqualTo(JsonValueKind.Number));
            Assert.That(body.GetProperty("qty").GetDouble(), Is.EqualTo(3));
            Assert.That(body.GetProperty("price").GetDecimal(), Is.EqualTo(12.5m));
            Assert.That(body.GetProperty("due").GetString(), Is.EqualTo("2026-12-03"));
            Assert.That(body.GetProperty("priority").GetString(), Is.EqualTo("high"));
            Assert.That(body.GetProperty("done").GetBoolean(), Is.False, "the default is stored and returned");
            Assert.That(body.GetProperty("tags").EnumerateArray().Select(t => t.GetString()), Is.EqualTo(new[] { "a", "b" }));
            Assert.That(body.GetProperty("created_by").GetString(), Is.EqualTo("u1"), "identity from the authenticated principal");
            Assert.That(body.GetProperty("_version").GetInt64(), Is.EqualTo(1));
            Assert.That(body.GetProperty("@type").GetString(), Is.EqualTo("item"));
            Assert.That(body.GetProperty("created_at").GetDateTimeOffset(), Is.EqualTo(body.GetProperty("updated_at").GetDateTimeOffset()));
        });

        var read = await _server.GetAsync($"/api/data/item/{id}");
        Assert.That(read.Status, Is.EqualTo(HttpStatusCode.OK), read.Text);
        var expected = created.Text
            .Replace("\"qty\"", "\"code\":null,\"qty\"", StringComparison.Ordinal)
            .Replace("\"created_at\"", "\"secret\":null,\"created_at\"", StringComparison.Ordinal);
        Assert.That(read.Text, Is.EqualTo(expected), "the stored record, in the same order, with the fields never set as null");
    }

    [Test]
    public async Task Put_applies_a_partial_update_and_delete_removes_the_record()
    {
        var id = (await _server.PostAsync("/api/data/item", """{"title":"Milk","qty":3}""")).Body.GetProperty("id").GetString();

        var updated = await _server.SendAsync(HttpMethod.Put, $"/api/data/item/{id}", """{"qty":4,"done":true}""", user: "u2");
        Assert.That(updated.Status, Is.EqualTo(HttpStatusCode.OK), updated.Text);
        Assert.Multiple(() =>
        {
            Assert.That(updated.Body.GetProperty("title").GetString(), Is.EqualTo("Milk"), "fields not sent are kept");
            Assert.That(updated.Body.GetProperty("qty").GetDouble(), Is.EqualTo(4));
            Assert.That(updated.Body.GetProperty("done").GetBoolean(), Is.True);
            Assert.That(updated.Body.GetProperty("updated_by").GetString(), Is.EqualTo("u2"));
            Assert.That(updated.Body.GetProperty("_version").GetInt64(), Is.EqualTo(2));
        });

        var patched = await _server.SendAsync(HttpMethod.Patch, $"/api/data/item/{id}", """{"qty":5}""");
        Assert.That(patched.Body.GetProperty("qty").GetDouble(), Is.EqualTo(5));

        var deleted = await _server.SendAsync(HttpMethod.Delete, $"/api/data/item/{id}");
        Assert.That(deleted.Status, Is.EqualTo(HttpStatusCode.OK), deleted.Text);
        Assert.That(deleted.Text, Is.EqualTo($$"""{"id":"{{id}}","deleted":true,"@type":"item"}"""));
        Assert.That(await _server.Database.Object("item").CountAsync(), Is.Zero);
    }

    [Test]
    public async Task A_missing_id_is_404_with_the_error_body_on_get_update_and_delete()
    {
        foreach (var method in new[] { HttpMethod.Get, HttpMethod.Put, HttpMethod.Delete })
        {
            var answer = await _server.SendAsync(method, "/api/data/item/nope", method == HttpMethod.Put ? """{"qty":1}""" : null);
            Assert.That(answer.Status, Is.EqualTo(HttpStatusCode.NotFound), $"{method}: {answer.Text}");
            Assert.That(answer.ErrorCode, Is.EqualTo("NOT_FOUND"), method.ToString());
            Assert.That(answer.Error.GetProperty("message").GetString(), Does.Contain("nope"));
        }
    }

    [Test]
    public async Task An_unknown_object_is_404_with_the_error_body()
    {
        var answer = await _server.GetAsync("/api/data/nothing_here");
        Assert.That(answer.Status, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That(answer.ErrorCode, Is.EqualTo("NOT_FOUND"));
        Assert.That(answer.ErrorReason, Is.EqualTo("unknown_object"));
    }

    [Test]
    public async Task A_stale_version_is_409_and_changes_nothing()
    {
        var id = (await _server.PostAsync("/api/data/item", """{"title":"Milk"}""")).Body.GetProperty("id").GetString();
        var first = await _server.SendAsync(HttpMethod.Put, $"/api/data/item/{id}", """{"qty":1,"_version":1}""");
        Assert.That(first.Status, Is.EqualTo(HttpStatusCode.OK), first.Text);

        var stale = await _server.SendAsync(HttpMethod.Put, $"/api/data/item/{id}", """{"qty":2,"_version":1}""");

        Assert.That(stale.Status, Is.EqualTo(HttpStatusCode.Conflict), stale.Text);
        Assert.That(stale.ErrorCode, Is.EqualTo("CONFLICT"));
        Assert.That(stale.ErrorField, Is.EqualTo("_version"));
        var stored = await _server.Database.Object("item").FindOneAsync(id!);
        Assert.That(stored!["qty"], Is.EqualTo(1.0));
        Assert.That(stored["_version"], Is.EqualTo(2L));
    }

    [Test]
    public async Task Post_with_an_array_creates_every_record()
    {
        var answer = await _server.PostAsync("/api/data/item", """[{"title":"A","qty":1},{"title":"B","qty":2}]""");

        Assert.That(answer.Status, Is.EqualTo(HttpStatusCode.Created), answer.Text);
        Assert.That(answer.Body.GetProperty("count").GetInt32(), Is.EqualTo(2));
        Assert.That(answer.Body.GetProperty("@type").GetString(), Is.EqualTo("item"));
        Assert.That(answer.Body.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("title").GetString()), Is.EqualTo(new[] { "A", "B" }));
        Assert.That(await _server.Database.Object("item").CountAsync(), Is.EqualTo(2));
    }
}
