using System.Net;
using ObjectQL.Testing;

namespace ObjectQL.AspNetCore.Tests.Rest;

/// <summary>The <c>expand</c> parameter of the REST list and get routes (docs/relationships.md), over the kit's relations model.</summary>
public sealed class RestExpandTests
{
    private RestServer _server = null!;

    [OneTimeSetUp]
    public async Task Start()
    {
        _server = await RestServer.StartAsync(options => options.ServeObjectsWithoutPermissions = true, TestModels.Relations);
        foreach (var (path, json) in new[]
        {
            ("/api/data/rel_company", """[{"id":"acme","name":"Acme"},{"id":"globex","name":"Globex"}]"""),
            ("/api/data/rel_person", """[{"id":"ann","name":"Ann","company":"acme"},{"id":"bob","name":"Bob"}]"""),
            ("/api/data/rel_project", """{"id":"p1","name":"Rocket","company":"acme"}"""),
            ("/api/data/rel_task", """{"id":"t1","title":"Fuel","project":"p1","assignees":["bob","ann"]}"""),
        })
        {
            var created = await _server.PostAsync(path, json);
            Assert.That(created.Status, Is.EqualTo(HttpStatusCode.Created), created.Text);
        }
    }

    [OneTimeTearDown]
    public async Task Stop() => await _server.DisposeAsync();

    [Test]
    public async Task List_expands_the_named_references_in_place_of_their_ids()
    {
        var answer = await _server.GetAsync("/api/data/rel_task?fields=title&expand=project,assignees");
        Assert.That(answer.Status, Is.EqualTo(HttpStatusCode.OK), answer.Text);
        var task = answer.Body.GetProperty("items")[0];
        Assert.That(task.GetProperty("project").GetProperty("name").GetString(), Is.EqualTo("Rocket"));
        Assert.That(task.GetProperty("assignees").EnumerateArray().Select(static p => p.GetProperty("name").GetString()), Is.EqualTo(new[] { "Bob", "Ann" }));
    }

    [Test]
    public async Task The_json_form_takes_fields_filters_and_nested_expansions()
    {
        var expand = Uri.EscapeDataString("""{"project":{"fields":["name","company"],"expand":{"company":{"fields":["name"],"filters":{"name":"Acme"}}}}}""");
        var answer = await _server.GetAsync($"/api/data/rel_task/t1?expand={expand}");
        Assert.That(answer.Status, Is.EqualTo(HttpStatusCode.OK), answer.Text);
        Assert.That(answer.Body.GetProperty("project").GetRawText(), Is.EqualTo("""{"id":"p1","name":"Rocket","company":{"id":"acme","name":"Acme"}}"""));
    }

    [Test]
    public async Task A_reference_to_a_missing_record_is_400_naming_the_field()
    {
        var answer = await _server.PostAsync("/api/data/rel_person", """{"name":"Cat","company":"initech"}""");
        Assert.That(answer.Status, Is.EqualTo(HttpStatusCode.BadRequest), answer.Text);
        Assert.That(answer.Error.GetProperty("details")[0].GetProperty("field").GetString(), Is.EqualTo("company"));
    }
}
