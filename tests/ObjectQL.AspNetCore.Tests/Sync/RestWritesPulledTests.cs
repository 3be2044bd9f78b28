using System.Net;
using System.Text;
using Microsoft.AspNetCore.Builder;
using ObjectQL.Sync.Protocol;
using ObjectQL.Sync.TestServer;

namespace ObjectQL.AspNetCore.Tests.Sync;

/// <summary>
/// The REST API is a write path like any other (issue: every write path lands in the log): creates, bulk creates,
/// PUT, PATCH, bulk updates, DELETE and bulk deletes through <c>MapObjectQL</c> on the same Kestrel as the sync endpoint
/// are each pulled exactly once, in the order they were made.
/// </summary>
public sealed class RestWritesPulledTests
{
    private const string Notes = "/api/data/" + SyncTestModel.NoteName;

    [Test]
    public async Task Every_REST_write_is_pulled_exactly_once_in_order()
    {
        await using var host = await SyncHost.StartAsync(new SyncTestAppOptions { ConfigurePipeline = app => app.MapObjectQL("/api/data") });
        var reader = SyncRequests.NewClientId();
        var checkpoint = (await PullAsync(host, reader, null)).Checkpoint;

        // A pull after each write: a record deleted before the pull would arrive only as its delete (RFC 6.3).
        (HttpMethod Method, string Path, string? Json, string[] Expected)[] steps =
        [
            (HttpMethod.Post, Notes, """{"id":"r-one","title":"one"}""", ["r-one Create 1"]),
            (HttpMethod.Post, Notes, """[{"id":"r-two","title":"two"},{"id":"r-three","title":"three"}]""", ["r-two Create 1", "r-three Create 1"]),
            (HttpMethod.Put, Notes + "/r-one", """{"title":"one-b"}""", ["r-one Update 2"]),
            (HttpMethod.Patch, Notes + "/r-two", """{"title":"two-b"}""", ["r-two Update 2"]),
            (HttpMethod.Post, Notes + "/bulk-update", """{"filters":{"title":"three"},"data":{"body":"bulk"}}""", ["r-three Update 2"]),
            (HttpMethod.Delete, Notes + "/r-one", null, ["r-one Delete 3"]),
            (HttpMethod.Post, Notes + "/bulk-delete", """{"filters":{"title":"two-b"}}""", ["r-two Delete 3"]),
        ];
        var received = new List<SyncServerChange>();
        foreach (var (method, path, json, expected) in steps)
        {
            await RestAsync(host, method, path, json);
            var pulled = new List<SyncServerChange>();
            SyncPushResponse page;
            do
            {
                page = await PullAsync(host, reader, checkpoint);
                pulled.AddRange(page.ServerChanges);
                checkpoint = page.Checkpoint;
            }
            while (page.HasMore);
            Assert.That(pulled.Select(c => $"{c.RecordId} {c.Operation} {c.ServerVersion}"), Is.EqualTo(expected), $"{method} {path}");
            received.AddRange(pulled);
        }

        Assert.That(received.Select(c => (c.RecordId, c.ServerVersion)), Is.Unique, "each change once");
        Assert.That(received.Single(c => c.RecordId == "r-three" && c.Operation == MutationOperation.Update).Data!["body"].GetString(), Is.EqualTo("bulk"),
            "a bulk update's change carries the full post-image");
        Assert.That((await PullAsync(host, reader, checkpoint)).ServerChanges, Is.Empty, "nothing twice");
    }

    private static async Task RestAsync(SyncHost host, HttpMethod method, string path, string? json)
    {
        using var request = new HttpRequestMessage(method, path);
        if (json is not null)
        {
            request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        }
        request.Headers.Add(HeaderAuthentication.UserHeader, "alice");
        request.Headers.Add(HeaderAuthentication.RolesHeader, "member");
        using var response = await host.Client.SendAsync(request);
        Assert.That(response.StatusCode, Is.AnyOf(HttpStatusCode.OK, HttpStatusCode.Created), await response.Content.ReadAsStringAsync());
    }

    private static async Task<SyncPushResponse> PullAsync(SyncHost host, string clientId, string? checkpoint)
    {
        using var response = await host.PostAsync(SyncRequests.Write(SyncRequests.Push(clientId, [], checkpoint)), user: "bob");
        var body = await response.Content.ReadAsByteArrayAsync();
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), Encoding.UTF8.GetString(body));
        return SyncJson.ReadResponse(body);
    }
}
