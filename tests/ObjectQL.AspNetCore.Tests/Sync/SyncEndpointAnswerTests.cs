using System.Net;
using Microsoft.Extensions.DependencyInjection;
using ObjectQL.Sync.Protocol;
using ObjectQL.Sync.Server.Handling;
using ObjectQL.Sync.TestServer;

namespace ObjectQL.AspNetCore.Tests.Sync;

/// <summary>
/// What the endpoint does around the handler: the caller it hands over, and how the handler's answers and failures reach
/// the client. The handler here is a stand-in whose failures a test chooses; the real server's answers are in the
/// round-trip tests.
/// </summary>
public sealed class SyncEndpointAnswerTests
{
    private static async Task<(SyncHost Host, StubSyncHandler Handler)> StartAsync(Func<SyncPushRequest, ObjectQLContext, SyncPushResponse> answer)
    {
        var handler = new StubSyncHandler(answer);
        var host = await SyncHost.StartAsync(new SyncTestAppOptions
        {
            ConfigureServices = services => services.AddSingleton<ISyncRequestHandler>(handler),
        });
        return (host, handler);
    }

    [Test]
    public async Task A_valid_push_reaches_the_handler_as_the_authenticated_caller_and_its_answer_comes_back_uncached()
    {
        var (host, handler) = await StartAsync((request, _) => StubSyncHandler.Applied(request));
        await using var _ = host;

        using var response = await host.PostAsync(SyncRequests.PushOfCreates(3), user: "bob", roles: "member,admin");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(response.Headers.CacheControl?.NoStore, Is.True);
        var answer = SyncJson.ReadResponse(await response.Content.ReadAsByteArrayAsync());
        Assert.That(answer.Results, Has.Count.EqualTo(3));
        Assert.That(handler.LastCaller!.UserId, Is.EqualTo("bob"));
        Assert.That(handler.LastCaller.Roles, Is.EquivalentTo(new[] { "member", "admin" }));
        Assert.That(handler.LastCaller.IsSystem, Is.False);
    }

    [Test]
    public async Task A_request_the_handler_refuses_whole_gets_the_handlers_status_and_body()
    {
        var (host, _) = await StartAsync((_, _) => throw new SyncRequestException(409, SyncErrorBodies.Fenced(1, 2, 7)));
        await using var _ = host;

        using var response = await host.PostAsync(SyncRequests.PushOfCreates(1));

        var error = await SyncEndpointRefusalTests.ReadErrorAsync(response, HttpStatusCode.Conflict);
        Assert.That(error.Error.Code, Is.EqualTo(SyncErrorCodes.ClientFenced));
        Assert.That(SyncErrorBodies.ClientEpoch(error), Is.EqualTo(2));
        Assert.That(SyncErrorBodies.HighestSequence(error), Is.EqualTo(7));
    }

    [TestCase(ErrorCodes.Forbidden, HttpStatusCode.Forbidden)]
    [TestCase(SyncErrorCodes.ClientIdMismatch, HttpStatusCode.Forbidden)]
    [TestCase(SyncErrorCodes.InvalidCheckpoint, HttpStatusCode.BadRequest)]
    public async Task A_client_error_the_handler_throws_keeps_its_code_and_maps_to_its_status(string code, HttpStatusCode status)
    {
        var (host, _) = await StartAsync((_, _) => throw new ObjectQLException(code, "Refused for a reason the caller can act on."));
        await using var _ = host;

        using var response = await host.PostAsync(SyncRequests.PushOfCreates(1));

        var error = await SyncEndpointRefusalTests.ReadErrorAsync(response, status);
        Assert.That(error.Error.Code, Is.EqualTo(code));
        Assert.That(error.Error.Message, Is.EqualTo("Refused for a reason the caller can act on."));
    }

    [Test]
    public async Task An_unexpected_failure_is_500_with_the_error_body_and_nothing_of_the_fault()
    {
        var (host, _) = await StartAsync((_, _) => throw new InvalidOperationException("secret_table at /srv/data.db"));
        await using var _ = host;

        using var response = await host.PostAsync(SyncRequests.PushOfCreates(1));

        var text = await response.Content.ReadAsStringAsync();
        var error = await SyncEndpointRefusalTests.ReadErrorAsync(response, HttpStatusCode.InternalServerError);
        Assert.That(error.Error.Code, Is.EqualTo(ErrorCodes.InternalError));
        Assert.That(text, Does.Not.Contain("secret_table").And.Not.Contain("/srv").And.Not.Contain(" at ").And.Not.Contain("Exception"));
    }

    [Test]
    public async Task A_database_failure_keeps_its_code_but_not_its_text()
    {
        var (host, _) = await StartAsync((_, _) => throw new ObjectQLException(ErrorCodes.DatabaseError, "relation \"_objectql_sync_log\" does not exist"));
        await using var _ = host;

        using var response = await host.PostAsync(SyncRequests.PushOfCreates(1));

        var text = await response.Content.ReadAsStringAsync();
        var error = await SyncEndpointRefusalTests.ReadErrorAsync(response, HttpStatusCode.InternalServerError);
        Assert.That(error.Error.Code, Is.EqualTo(ErrorCodes.DatabaseError));
        Assert.That(text, Does.Not.Contain("_objectql_sync_log"));
    }
}
