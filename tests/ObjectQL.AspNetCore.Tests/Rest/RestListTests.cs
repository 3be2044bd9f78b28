using System.Net;
using System.Text.Json;

namespace ObjectQL.AspNetCore.Tests.Rest;

public sealed class RestListTests
{
    private RestServer _server = null!;

    [OneTimeSetUp]
    public async Task Start()
    {
        _server = await RestServer.StartAsync(options => options.DefaultPageSize = 3);
        var seeded = await _server.PostAsync("/api/data/item", """
            [{"title":"a","qty":5,"priority":"low"},{"title":"b","qty":1,"priority":"high"},{"title":"c","qty":4,"priority":"high"},
             {"title":"d","qty":2,"priority":"medium"},{"title":"e","qty":3,"priority":"low","done":true}]
            """);
        Assert.That(seeded.Status, Is.EqualTo(HttpStatusCode.Created), seeded.Text);
    }

    [OneTimeTearDown]
    public async Task Stop() => await _server.DisposeAsync();

    private static string[] Titles(RestServer.Answer answer) =>
        answer.Body.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("title").GetString()!).ToArray();

    private async Task<RestServer.Answer> ListAsync(string query)
    {
        var answer = await _server.GetAsync("/api/data/item?" + query);
        Assert.That(answer.Status, Is.EqualTo(HttpStatusCode.OK), answer.Text);
        return answer;
    }

    [Test]
    public async Task Without_paging_the_default_page_comes_back_with_exact_meta()
    {
        var answer = await ListAsync("sort=title");

        Assert.That(Titles(answer), Is.EqualTo(new[] { "a", "b", "c" }));
        Assert.That(answer.Body.GetProperty("meta").GetRawText(), Is.EqualTo("""{"total":5,"page":1,"size":3,"pages":2,"has_next":true}"""));
    }

    [Test]
    public async Task Top_and_skip_page_through_and_limit_and_offset_are_the_same()
    {
        var second = await ListAsync("sort=title&top=2&skip=2");
        var alias = await ListAsync("sort=title&limit=2&offset=2");
        var last = await ListAsync("sort=title&top=2&skip=4");

        Assert.That(Titles(second), Is.EqualTo(new[] { "c", "d" }));
        Assert.That(second.Body.GetProperty("meta").GetRawText(), Is.EqualTo("""{"total":5,"page":2,"size":2,"pages":3,"has_next":true}"""));
        Assert.That(alias.Text, Is.EqualTo(second.Text));
        Assert.That(Titles(last), Is.EqualTo(new[] { "e" }));
        Assert.That(last.Body.GetProperty("meta").GetRawText(), Is.EqualTo("""{"total":5,"page":3,"size":2,"pages":3,"has_next":false}"""));
    }

    [TestCase("sort=-qty")]
    [TestCase("""sort=[{"field":"qty","order":"desc"}]""")]
    [TestCase("""sort={"qty":-1}""")]
    [TestCase("""sort=[["qty","desc"]]""")]
    [TestCase("""sort=["-qty"]""")]
    public async Task Every_sort_form_orders_the_same(string sort)
    {
        var answer = await ListAsync(Uri.EscapeDataString(sort).Replace("%3D", "=", StringComparison.Ordinal) + "&top=5");

        Assert.That(Titles(answer), Is.EqualTo(new[] { "a", "c", "e", "d", "b" }));
    }

    [Test]
    public async Task Sort_by_several_keys_with_the_array_form()
    {
        var sort = Uri.EscapeDataString("""[{"field":"priority","order":"asc"},{"field":"qty","order":"desc"}]""");
        var answer = await ListAsync($"sort={sort}&top=5");

        Assert.That(Titles(answer), Is.EqualTo(new[] { "c", "b", "a", "e", "d" }), "select values order as text: high < low < medium");
    }

    [Test]
    public async Task Filter_in_the_object_and_the_legacy_array_form()
    {
        var objectForm = await ListAsync("filter=" + Uri.EscapeDataString("""{"priority":"high","qty":{"$gte":2}}"""));
        var arrayForm = await ListAsync("filter=" + Uri.EscapeDataString("""[["priority","=","high"],"and",["qty",">=",2]]"""));

        Assert.That(Titles(objectForm), Is.EqualTo(new[] { "c" }));
        Assert.That(objectForm.Body.GetProperty("meta").GetProperty("total").GetInt32(), Is.EqualTo(1));
        Assert.That(arrayForm.Text, Is.EqualTo(objectForm.Text));
    }

    [Test]
    public async Task Fields_project_the_records_and_keep_the_id()
    {
        var answer = await ListAsync("fields=title,qty&sort=title&top=1");
        var item = answer.Body.GetProperty("items")[0];

        Assert.That(item.EnumerateObject().Select(p => p.Name), Is.EqualTo(new[] { "id", "title", "qty" }));
        Assert.That(item.GetProperty("qty").GetDouble(), Is.EqualTo(5));
        var json = await ListAsync("fields=" + Uri.EscapeDataString("""["title"]""") + "&sort=title&top=1");
        Assert.That(json.Body.GetProperty("items")[0].EnumerateObject().Select(p => p.Name), Is.EqualTo(new[] { "id", "title" }));
    }

    [Test]
    public async Task Limit_zero_counts_as_the_sdk_asks()
    {
        var answer = await ListAsync("filter=" + Uri.EscapeDataString("""{"priority":"low"}""") + "&limit=0");

        Assert.That(answer.Text, Is.EqualTo("""{"items":[],"meta":{"total":2,"page":1,"size":0,"pages":0,"has_next":true},"count":2}"""));
    }

    [TestCase("expand=title", "title", "invalid_expand")]
    [TestCase("colour=red", "colour", "unknown_parameter")]
    [TestCase("top=2&top=3", "top", "duplicate_parameter")]
    [TestCase("top=1001", "top", "max_page_size")]
    [TestCase("top=-1", "top", "invalid_value")]
    [TestCase("skip=many", "skip", "invalid_value")]
    [TestCase("sort=nope", "nope", "unknown_field")]
    [TestCase("fields=title,nope", "nope", "unknown_field")]
    public async Task A_bad_parameter_is_400_naming_it(string query, string field, string reason)
    {
        var answer = await _server.GetAsync("/api/data/item?" + query);

        Assert.That(answer.Status, Is.EqualTo(HttpStatusCode.BadRequest), answer.Text);
        Assert.That(answer.ErrorCode, Is.EqualTo("INVALID_REQUEST"));
        Assert.That(answer.ErrorField, Is.EqualTo(field), answer.Text);
        Assert.That(answer.ErrorReason, Is.EqualTo(reason), answer.Text);
    }

    [Test]
    public async Task Get_by_id_takes_fields()
    {
        var id = (await ListAsync("sort=title&top=1")).Body.GetProperty("items")[0].GetProperty("id").GetString();

        var answer = await _server.GetAsync($"/api/data/item/{id}?fields=qty");

        Assert.That(answer.Status, Is.EqualTo(HttpStatusCode.OK), answer.Text);
        Assert.That(answer.Text, Is.EqualTo($$"""{"id":"{{id}}","qty":5,"@type":"item"}"""));
    }
}
