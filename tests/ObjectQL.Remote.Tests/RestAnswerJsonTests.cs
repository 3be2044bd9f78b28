using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using ObjectQL.Remote.Tests.Server;
using Remote.Model;

namespace ObjectQL.Remote.Tests;

/// <summary>
/// A REST answer read with the generated JSON converters: single-record answers carry <c>"@type"</c>, which the entity's
/// converter accepts when it names the entity's object and refuses when it names another.
/// </summary>
public sealed class RestAnswerJsonTests : ServedDatabaseTests
{
    [Test]
    public async Task A_rest_answer_with_its_type_member_reads_into_the_generated_entity()
    {
        using var http = new HttpClient { BaseAddress = Served.Server.Address };
        using var request = new HttpRequestMessage(HttpMethod.Post, LiveServer.Prefix + "/todo_item")
        {
            Content = new StringContent("""{"title":"Buy milk","owner":"alice","priority":"high","due_date":"2026-12-24"}""", Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", ServedDatabase.Alice);
        using var response = await http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        Assert.That((int)response.StatusCode, Is.EqualTo(201), text);
        Assert.That(JsonDocument.Parse(text).RootElement.GetProperty("@type").GetString(), Is.EqualTo("todo_item"), "the answer carries the reference shape's type member");

        var entity = JsonSerializer.Deserialize(text, AppModelJsonContext.Default.TodoItemInfo)!;

        Assert.That((entity.Title, entity.Owner, entity.Priority, entity.DueDate, entity.Version),
            Is.EqualTo(("Buy milk", "alice", (TodoItemPriority?)TodoItemPriority.High, (DateOnly?)new DateOnly(2026, 12, 24), 1L)));
        Assert.That(entity.Id, Is.Not.Null.And.Not.Empty);
    }

    [Test]
    public void A_type_member_naming_another_object_is_refused()
    {
        var error = Assert.Throws<JsonException>(() =>
            JsonSerializer.Deserialize("""{"title":"x","@type":"project"}""", AppModelJsonContext.Default.TodoItemInfo));

        Assert.That(error!.Message, Does.Contain("'project'").And.Contain("'todo_item'"));
    }
}
