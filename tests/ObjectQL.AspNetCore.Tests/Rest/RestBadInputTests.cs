using System.Net;
using System.Text;

namespace ObjectQL.AspNetCore.Tests.Rest;

/// <summary>Every refusal is a clear error naming what was wrong, and nothing is written.</summary>
public sealed class RestBadInputTests
{
    private RestServer _server = null!;

    // One server for the fixture; every test starts from an empty database.
    [OneTimeSetUp]
    public async Task Start() => _server = await RestServer.StartAsync(options => options.MaxRequestBodyBytes = 4096);

    [SetUp]
    public Task Reset() => _server.ResetAsync();

    [OneTimeTearDown]
    public async Task Stop() => await _server.DisposeAsync();

    private async Task AssertNothingWrittenAsync() => Assert.That(await _server.Database.Object("item").CountAsync(), Is.Zero);

    [TestCase("""{"title":"a",}""", "$.title")]
    [TestCase("""[{"title":"a"},{"title":"b" "qty":1}]""", "$[1].title")]
    [TestCase("""{"title":"a","tags":["x",]}""", "$.tags[0]")]
    [TestCase("""{"title":"a","title":"b"}""", "$.title")]
    [TestCase("""{"title":"a"} trailing""", "$")]
    public async Task Malformed_json_is_400_naming_the_path(string body, string path)
    {
        var answer = await _server.PostAsync("/api/data/item", body);

        Assert.That(answer.Status, Is.EqualTo(HttpStatusCode.BadRequest), answer.Text);
        Assert.That(answer.ErrorCode, Is.EqualTo("INVALID_REQUEST"));
        Assert.That(answer.ErrorReason, Is.EqualTo("malformed_json"));
        Assert.That(answer.ErrorField, Is.EqualTo(path), answer.Text);
        await AssertNothingWrittenAsync();
    }

    [Test]
    public async Task A_body_over_the_limit_is_413_and_nothing_is_written()
    {
        var big = $$"""{"title":"{{new string('x', 5000)}}"}""";

        var declared = await _server.PostAsync("/api/data/item", big);
        // Without Content-Length (chunked), the limit holds while reading.
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/data/item")
        {
            Content = new StreamContent(new MemoryStream(Encoding.UTF8.GetBytes(big))),
        };
        request.Content.Headers.ContentType = new("application/json");
        request.Headers.TransferEncodingChunked = true;
        request.Headers.Authorization = new("Test", "u1 admin");
        using var chunked = await _server.Client.SendAsync(request);

        Assert.That(declared.Status, Is.EqualTo(HttpStatusCode.RequestEntityTooLarge), declared.Text);
        Assert.That(declared.ErrorCode, Is.EqualTo("PAYLOAD_TOO_LARGE"));
        Assert.That(declared.Error.GetProperty("message").GetString(), Does.Contain("4096"));
        Assert.That(chunked.StatusCode, Is.EqualTo(HttpStatusCode.RequestEntityTooLarge));
        await AssertNothingWrittenAsync();
    }

    [Test]
    public async Task A_body_that_is_not_json_is_415()
    {
        var answer = await _server.SendAsync(HttpMethod.Post, "/api/data/item", """{"title":"a"}""", contentType: "text/plain");

        Assert.That(answer.Status, Is.EqualTo(HttpStatusCode.UnsupportedMediaType), answer.Text);
        Assert.That(answer.ErrorField, Is.EqualTo("Content-Type"));
        await AssertNothingWrittenAsync();
    }

    [Test]
    public async Task An_unknown_field_is_400_naming_it()
    {
        var answer = await _server.PostAsync("/api/data/item", """{"title":"a","colour":"red"}""");

        Assert.That(answer.Status, Is.EqualTo(HttpStatusCode.BadRequest), answer.Text);
        Assert.That(answer.ErrorField, Is.EqualTo("colour"));
        Assert.That(answer.ErrorReason, Is.EqualTo("unknown_field"));
        await AssertNothingWrittenAsync();
    }

    [Test]
    public async Task An_unknown_operator_is_400_naming_it()
    {
        var answer = await _server.GetAsync("/api/data/item?filter=" + Uri.EscapeDataString("""{"qty":{"$near":3}}"""));

        Assert.That(answer.Status, Is.EqualTo(HttpStatusCode.BadRequest), answer.Text);
        Assert.That(answer.ErrorCode, Is.EqualTo("INVALID_REQUEST"));
        Assert.That(answer.Error.GetProperty("message").GetString(), Does.Contain("$near"));
        Assert.That(answer.ErrorField, Is.EqualTo("qty"));
    }

    [Test]
    public async Task A_malformed_filter_parameter_is_400_naming_the_parameter()
    {
        var answer = await _server.GetAsync("/api/data/item?filter=" + Uri.EscapeDataString("""{"qty":"""));

        Assert.That(answer.Status, Is.EqualTo(HttpStatusCode.BadRequest), answer.Text);
        Assert.That(answer.ErrorReason, Is.EqualTo("malformed_json"));
        Assert.That(answer.ErrorField, Does.StartWith("filter"));
    }

    [TestCase("""{"title":"a","qty":"three"}""", "qty")]
    [TestCase("""{"title":"a","due":"03/12/2026"}""", "due")]
    [TestCase("""{"title":"a","done":"yes"}""", "done")]
    [TestCase("""{"title":"a","priority":"urgent"}""", "priority")]
    [TestCase("""{"title":"a","price":0.123456789012345678901234567890123}""", "price")]
    [TestCase("""{"title":7}""", "title")]
    [TestCase("""{"qty":1}""", "title")]
    public async Task A_wrong_value_is_400_naming_the_field(string body, string field)
    {
        var answer = await _server.PostAsync("/api/data/item", body);

        Assert.That(answer.Status, Is.EqualTo(HttpStatusCode.BadRequest), answer.Text);
        Assert.That(answer.ErrorCode, Is.AnyOf("VALIDATION_ERROR", "INVALID_REQUEST"));
        Assert.That(answer.ErrorField, Is.EqualTo(field), answer.Text);
        await AssertNothingWrittenAsync();
    }

    [Test]
    public async Task One_bad_record_in_a_create_many_writes_none()
    {
        var answer = await _server.PostAsync("/api/data/item", """[{"title":"ok"},{"title":"bad","qty":"x"}]""");

        Assert.That(answer.Status, Is.EqualTo(HttpStatusCode.BadRequest), answer.Text);
        await AssertNothingWrittenAsync();
    }

    [TestCase("""["title"]""", "$")]
    [TestCase("\"text\"", "$")]
    public async Task A_body_that_is_no_record_is_400(string body, string path)
    {
        var answer = await _server.SendAsync(HttpMethod.Put, "/api/data/item/x", body);

        Assert.That(answer.Status, Is.EqualTo(HttpStatusCode.BadRequest), answer.Text);
        Assert.That(answer.ErrorField, Is.EqualTo(path));
    }

    [Test]
    public async Task Sql_in_names_is_an_unknown_object_or_field_and_sql_in_values_is_stored_as_text()
    {
        var objectName = await _server.GetAsync("/api/data/" + Uri.EscapeDataString("item; DROP TABLE item;--"));
        var fieldName = await _server.PostAsync("/api/data/item", """{"title":"a","qty) VALUES (1); DROP TABLE item;--":1}""");
        var sortName = await _server.GetAsync("/api/data/item?sort=" + Uri.EscapeDataString("title; DROP TABLE item"));
        Assert.That(objectName.Status, Is.EqualTo(HttpStatusCode.NotFound), objectName.Text);
        Assert.That(fieldName.Status, Is.EqualTo(HttpStatusCode.BadRequest), fieldName.Text);
        Assert.That(fieldName.ErrorReason, Is.EqualTo("unknown_field"));
        Assert.That(sortName.Status, Is.EqualTo(HttpStatusCode.BadRequest), sortName.Text);
        await AssertNothingWrittenAsync();

        const string hostile = "x'); DROP TABLE item; --";
        var created = await _server.PostAsync("/api/data/item", $$"""{"title":"{{hostile}}"}""");
        var found = await _server.GetAsync("/api/data/item?filter=" + Uri.EscapeDataString($$"""{"title":"{{hostile}}"}"""));

        Assert.That(created.Status, Is.EqualTo(HttpStatusCode.Created), created.Text);
        Assert.That(created.Body.GetProperty("title").GetString(), Is.EqualTo(hostile));
        Assert.That(found.Body.GetProperty("meta").GetProperty("total").GetInt32(), Is.EqualTo(1));
        Assert.That(await _server.Database.Object("item").CountAsync(), Is.EqualTo(1));
    }

    [Test]
    public async Task A_duplicate_unique_value_is_409_naming_the_field()
    {
        await _server.PostAsync("/api/data/item", """{"title":"a","code":"A-1"}""");

        var answer = await _server.PostAsync("/api/data/item", """{"title":"b","code":"A-1"}""");

        Assert.That(answer.Status, Is.EqualTo(HttpStatusCode.Conflict), answer.Text);
        Assert.That(answer.ErrorField, Is.EqualTo("code"));
        Assert.That(await _server.Database.Object("item").CountAsync(), Is.EqualTo(1));
    }

    [Test]
    public async Task A_system_field_in_a_body_is_refused()
    {
        var answer = await _server.PostAsync("/api/data/item", """{"title":"a","created_by":"someone-else"}""");

        Assert.That(answer.Status, Is.EqualTo(HttpStatusCode.BadRequest), answer.Text);
        Assert.That(answer.ErrorField, Is.EqualTo("created_by"));
        await AssertNothingWrittenAsync();
    }
}
