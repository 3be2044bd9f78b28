using System.Net;
using ObjectQL.Sync.Protocol;
using ObjectQL.Sync.Server.Configuration;
using ObjectQL.Sync.TestServer;

namespace ObjectQL.AspNetCore.Tests.Sync;

/// <summary>
/// The page-size header (RFC 2, 6.4) against a real Kestrel and a real SQLite file: the server pages by the ask, capped
/// at its maximum, and refuses a header that is not one integer of 1 or more before it reads the body.
/// </summary>
public sealed class SyncPageSizeTests
{
    private SyncHost _host = null!;

    [SetUp]
    public async Task Start() => _host = await SyncHost.StartAsync(new SyncTestAppOptions
    {
        Endpoint = new SyncEndpointConfig { MaxChangesPerResponse = 2, MaxRequestedChangesPerResponse = 6 },
    });

    [TearDown]
    public async Task Stop() => await _host.DisposeAsync();

    [TestCase(null, 2)]
    [TestCase("3", 3)]
    [TestCase("6", 6)]
    [TestCase("99999999999999", 6)]
    public async Task A_first_pull_comes_in_pages_of_the_asked_size_capped_at_the_servers_maximum(string? pageSize, int expected)
    {
        using (var pushed = await _host.PostAsync(SyncRequests.PushOfCreates(8)))
        {
            Assert.That(pushed.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        }

        using var response = await PostAsync(SyncRequests.Write(SyncRequests.Push(SyncRequests.NewClientId(), [])), pageSize);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
        var page = SyncJson.ReadResponse(await response.Content.ReadAsByteArrayAsync());
        Assert.That(page.ServerChanges, Has.Count.EqualTo(expected));
        Assert.That(page.HasMore, Is.True);
    }

    [Test]
    public async Task A_first_pull_that_fills_its_pages_exactly_ends_on_its_last_full_page()
    {
        using (var pushed = await _host.PostAsync(SyncRequests.PushOfCreates(8)))
        {
            Assert.That(pushed.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        }
        var client = SyncRequests.NewClientId();
        var pages = new List<(int Changes, bool HasMore)>();
        string? checkpoint = null;
        do
        {
            using var response = await PostAsync(SyncRequests.Write(SyncRequests.Push(client, [], checkpoint)), "4");
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
            var page = SyncJson.ReadResponse(await response.Content.ReadAsByteArrayAsync());
            pages.Add((page.ServerChanges.Count, page.HasMore));
            checkpoint = page.Checkpoint;
        }
        while (pages[^1].HasMore && pages.Count < 10);

        Assert.That(pages, Is.EqualTo(new[] { (4, true), (4, false) }), "two requests, no empty third");
    }

    [TestCase("0")]
    [TestCase("-3")]
    [TestCase("many")]
    [TestCase("2, 3")]
    [TestCase("")]
    public async Task A_page_size_that_is_not_one_integer_of_1_or_more_is_400_before_the_body_is_read(string pageSize)
    {
        using var response = await PostAsync(SyncRequests.PushOfCreates(2), pageSize);

        var error = await SyncEndpointRefusalTests.ReadErrorAsync(response, HttpStatusCode.BadRequest);
        Assert.That(error.Error.Code, Is.EqualTo(ErrorCodes.InvalidRequest));
        Assert.That(error.Error.Details![0].Field, Is.EqualTo(SyncProtocol.PageSizeHeader));
        Assert.That(_host.BodyBytesRead, Is.Zero);
        Assert.That(await _host.CountAsync(SyncTestModel.NoteName), Is.Zero);
        Assert.That(await _host.CountAsync("objectql_sync_mutation"), Is.Zero);
    }

    private Task<HttpResponseMessage> PostAsync(byte[] body, string? pageSize)
    {
        var message = new HttpRequestMessage(HttpMethod.Post, SyncProtocol.DefaultPath) { Content = SyncHost.Json(body) };
        message.Headers.Add(HeaderAuthentication.UserHeader, "alice");
        message.Headers.Add(HeaderAuthentication.RolesHeader, "member");
        message.Headers.TryAddWithoutValidation(SyncProtocol.VersionHeader, "1");
        if (pageSize is not null)
        {
            message.Headers.TryAddWithoutValidation(SyncProtocol.PageSizeHeader, pageSize);
        }
        return _host.Client.SendAsync(message);
    }
}
