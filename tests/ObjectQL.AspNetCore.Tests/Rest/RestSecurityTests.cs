using System.Net;
using Microsoft.AspNetCore.Builder;
using ObjectQL.AspNetCore.Security;
using Microsoft.Extensions.DependencyInjection;

namespace ObjectQL.AspNetCore.Tests.Rest;

public sealed class RestSecurityTests
{
    [Test]
    public async Task An_unauthenticated_request_is_401_and_writes_nothing()
    {
        await using var server = await RestServer.StartAsync();

        var list = await server.GetAsync("/api/data/item", user: null);
        var create = await server.PostAsync("/api/data/item", """{"title":"x"}""", user: null);
        var unknown = await server.GetAsync("/api/data/no_such_object", user: null);

        foreach (var answer in new[] { list, create, unknown })
        {
            Assert.That(answer.Status, Is.EqualTo(HttpStatusCode.Unauthorized), answer.Text);
            Assert.That(answer.ErrorCode, Is.EqualTo("UNAUTHORIZED"));
        }
        Assert.That(await server.Database.Object("item").CountAsync(), Is.Zero);
    }

    [Test]
    public async Task AllowAnonymous_serves_unauthenticated_callers_as_nobody()
    {
        await using var server = await RestServer.StartAsync(options =>
        {
            options.AllowAnonymous = true;
            options.ServeObjectsWithoutPermissions = true;
        });
        await server.Database.Object("note").CreateAsync(new Record { ["title"] = "public" });

        var open = await server.GetAsync("/api/data/note", user: null);
        var guarded = await server.GetAsync("/api/data/item", user: null);
        var created = await server.PostAsync("/api/data/note", """{"title":"x"}""", user: null);

        Assert.That(open.Status, Is.EqualTo(HttpStatusCode.OK), open.Text);
        Assert.That(open.Body.GetProperty("meta").GetProperty("total").GetInt32(), Is.EqualTo(1));
        Assert.That(guarded.Status, Is.EqualTo(HttpStatusCode.Forbidden), "no roles, so the permission set grants nothing: " + guarded.Text);
        Assert.That(created.Body.TryGetProperty("created_by", out var by) ? by.ValueKind : default, Is.EqualTo(System.Text.Json.JsonValueKind.Null), created.Text);
    }

    [Test]
    public async Task Roles_decide_and_a_refused_write_changes_nothing()
    {
        await using var server = await RestServer.StartAsync();
        var id = (await server.PostAsync("/api/data/item", """{"title":"x"}""", roles: "member")).Body.GetProperty("id").GetString();

        var guestCreate = await server.PostAsync("/api/data/item", """{"title":"y"}""", roles: "guest");
        var memberDelete = await server.SendAsync(HttpMethod.Delete, $"/api/data/item/{id}", roles: "member");
        var guestBulk = await server.PostAsync("/api/data/item/bulk-delete", """{"filters":{}}""", roles: "guest");
        var guestRead = await server.GetAsync($"/api/data/item/{id}", roles: "guest");

        Assert.That(guestCreate.Status, Is.EqualTo(HttpStatusCode.Forbidden), guestCreate.Text);
        Assert.That(guestCreate.ErrorCode, Is.EqualTo("FORBIDDEN"));
        Assert.That(memberDelete.Status, Is.EqualTo(HttpStatusCode.Forbidden), memberDelete.Text);
        Assert.That(guestBulk.Status, Is.EqualTo(HttpStatusCode.Forbidden), guestBulk.Text);
        Assert.That(guestRead.Status, Is.EqualTo(HttpStatusCode.OK), guestRead.Text);
        Assert.That(await server.Database.Object("item").CountAsync(), Is.EqualTo(1));
    }

    [Test]
    public async Task A_field_the_caller_may_not_read_is_left_out_and_cannot_be_filtered_on()
    {
        await using var server = await RestServer.StartAsync();
        var id = (await server.PostAsync("/api/data/item", """{"title":"x","secret":"s3"}""")).Body.GetProperty("id").GetString();

        var asAdmin = await server.GetAsync($"/api/data/item/{id}");
        var asMember = await server.GetAsync($"/api/data/item/{id}", roles: "member");
        var probe = await server.GetAsync("/api/data/item?filter=" + Uri.EscapeDataString("""{"secret":"s3"}"""), roles: "member");

        Assert.That(asAdmin.Body.GetProperty("secret").GetString(), Is.EqualTo("s3"));
        Assert.That(asMember.Body.TryGetProperty("secret", out _), Is.False, asMember.Text);
        Assert.That(probe.Status, Is.EqualTo(HttpStatusCode.Forbidden), probe.Text);
        Assert.That(probe.ErrorField, Is.EqualTo("secret"));
    }

    [Test]
    public async Task An_object_without_a_permission_set_is_not_served_unless_opted_in()
    {
        await using (var closed = await RestServer.StartAsync())
        {
            var answer = await closed.PostAsync("/api/data/note", """{"title":"x"}""");
            Assert.That(answer.Status, Is.EqualTo(HttpStatusCode.Forbidden), answer.Text);
            Assert.That(answer.ErrorReason, Is.EqualTo("no_permissions"));
            Assert.That(await closed.Database.Object("note").CountAsync(), Is.Zero);
        }
        await using var open = await RestServer.StartAsync(options => options.ServeObjectsWithoutPermissions = true);
        var created = await open.PostAsync("/api/data/note", """{"title":"x"}""");
        Assert.That(created.Status, Is.EqualTo(HttpStatusCode.Created), created.Text);
    }

    [Test]
    public async Task A_mapper_that_maps_to_the_system_context_is_served_objects_without_permissions()
    {
        await using var server = await RestServer.StartAsync(services: builder =>
            builder.Services.Configure<ObjectQLContextMapper>(mapper => mapper.Map = principal =>
                principal.IsInRole("service") ? ObjectQLContext.System : ObjectQLContext.ForUser(principal.Identity!.Name ?? "x")));

        var answer = await server.PostAsync("/api/data/note", """{"title":"x"}""", roles: "service");

        Assert.That(answer.Status, Is.EqualTo(HttpStatusCode.Created), answer.Text);
    }

    [Test]
    public async Task The_returned_group_takes_RequireAuthorization_for_every_route()
    {
        await using var server = await RestServer.StartAsync(
            configure: null,
            map: app => app.MapObjectQL("/api/data", options => options.AllowAnonymous = true).RequireAuthorization());

        var rest = await server.GetAsync("/api/data/item", user: null);
        var rpc = await server.PostAsync("/api/objectql", """{"op":"ping","object":"_health","args":{}}""", user: null);
        var signedIn = await server.GetAsync("/api/data/item");

        Assert.That(rest.Status, Is.EqualTo(HttpStatusCode.Unauthorized), "the authorization middleware answers before the endpoint");
        Assert.That(rpc.Status, Is.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That(signedIn.Status, Is.EqualTo(HttpStatusCode.OK), signedIn.Text);
    }
}
