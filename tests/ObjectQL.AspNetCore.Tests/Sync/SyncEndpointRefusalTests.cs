using System.Net;
using System.Text.Json;
using ObjectQL.Sync.Protocol;
using ObjectQL.Sync.Server.Configuration;
using ObjectQL.Sync.TestServer;

namespace ObjectQL.AspNetCore.Tests.Sync;

/// <summary>
/// Every request the endpoint refuses whole (RFC sections 2, 3.9, 8 and 11) gets its status and an error body, against a
/// real Kestrel and a real SQLite file, and reaches neither the handler nor the database.
/// </summary>
public sealed class SyncEndpointRefusalTests
{
    private const int MaxRequestBytes = 64 * 1024;
    private const int MaxMutations = 5;
    private SyncHost _host = null!;

    [SetUp]
    public async Task Start() => _host = await SyncHost.StartAsync(new SyncTestAppOptions
    {
        Endpoint = new SyncEndpointConfig { MaxRequestBytes = MaxRequestBytes, MaxRecordBytes = 16 * 1024, MaxMutationsPerRequest = MaxMutations },
    });

    [TearDown]
    public async Task Stop() => await _host.DisposeAsync();

    [Test]
    public async Task A_request_without_a_principal_is_401_and_its_body_is_never_read()
    {
        using var response = await _host.PostAsync(SyncRequests.PushOfCreates(3), user: null);

        var error = await ReadErrorAsync(response, HttpStatusCode.Unauthorized);
        Assert.That(error.Error.Code, Is.EqualTo(ErrorCodes.Unauthorized));
        Assert.That(_host.BodyBytesRead, Is.Zero);
        await AssertNothingHandledAsync();
    }

    [TestCase(null)]
    [TestCase("2")]
    [TestCase("one")]
    [TestCase("1, 2")]
    [TestCase("")]
    public async Task A_missing_or_unknown_version_is_400_naming_the_supported_versions(string? version)
    {
        using var response = await _host.PostAsync(SyncRequests.PushOfCreates(1), version: version);

        var error = await ReadErrorAsync(response, HttpStatusCode.BadRequest);
        Assert.That(error.Error.Code, Is.EqualTo(SyncErrorCodes.UnsupportedVersion));
        Assert.That(SyncErrorBodies.SupportedVersions(error), Is.EqualTo(new[] { 1 }));
        Assert.That(error.Error.Details![0].Field, Is.EqualTo(SyncProtocol.VersionHeader));
        Assert.That(_host.BodyBytesRead, Is.Zero);
        await AssertNothingHandledAsync();
    }

    [Test]
    public async Task A_body_declared_over_the_limit_is_413_before_any_of_it_is_read()
    {
        using var response = await _host.PostAsync(new byte[MaxRequestBytes * 3]);

        var error = await ReadErrorAsync(response, HttpStatusCode.RequestEntityTooLarge);
        Assert.That(error.Error.Code, Is.EqualTo(ErrorCodes.PayloadTooLarge));
        Assert.That(error.Error.Details![0].Reason, Is.EqualTo("max_request_bytes"));
        Assert.That(error.Error.Message, Does.Contain(MaxRequestBytes.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        Assert.That(_host.BodyBytesRead, Is.Zero);
        await AssertNothingHandledAsync();
    }

    [Test]
    public async Task A_streamed_body_over_the_limit_is_413_and_reading_stops_at_the_limit()
    {
        // A raw socket, as a hostile client would send it: chunked (no length to refuse up front), 64 MiB that never
        // make valid JSON, written until the server answers or drops the connection.
        var answer = await RawHttp.PostEndlessChunkedAsync(_host.Client.BaseAddress!, SyncProtocol.DefaultPath,
            [$"{HeaderAuthentication.UserHeader}: alice", $"{SyncProtocol.VersionHeader}: 1", "Content-Type: application/json"], 64L * 1024 * 1024);

        Assert.That(answer.StatusCode, Is.EqualTo(413), answer.Body);
        Assert.That(answer.Headers, Does.Contain("connection: close"), "the unread rest is not drained");
        var error = ErrorJson.Read(SyncRequests.Utf8(answer.Body));
        Assert.That(error.Error.Details![0].Reason, Is.EqualTo("max_request_bytes"));
        // Kestrel (told the endpoint's limit) or the endpoint stops at the limit: at most the limit plus one read.
        Assert.That(_host.BodyBytesRead, Is.LessThanOrEqualTo(2 * MaxRequestBytes + 1));
        await AssertNothingHandledAsync();
    }

    [Test]
    public async Task A_push_of_too_many_mutations_is_413_with_the_limit_in_the_body()
    {
        using var response = await _host.PostAsync(SyncRequests.PushOfCreates(MaxMutations + 2));

        var error = await ReadErrorAsync(response, HttpStatusCode.RequestEntityTooLarge);
        Assert.That(error.Error.Code, Is.EqualTo(ErrorCodes.PayloadTooLarge));
        Assert.That(SyncErrorBodies.MaxMutationsPerRequest(error), Is.EqualTo(MaxMutations));
        Assert.That(error.Error.Message, Does.Contain($"carries {MaxMutations + 2} mutations"));
        await AssertNothingHandledAsync();
    }

    private static IEnumerable<TestCaseData> MalformedBodies()
    {
        var valid = JsonDocument.Parse(SyncRequests.PushOfCreates(2)).RootElement.GetRawText();
        yield return new TestCaseData("{", "$").SetName("Truncated JSON");
        yield return new TestCaseData(valid.Replace("\"clientEpoch\":1", "\"clientEpoch\":\"1\"", StringComparison.Ordinal), "$.clientEpoch").SetName("A number sent as a string");
        yield return new TestCaseData(valid.Replace("\"sequence\":2", "\"sequence\":2,\"sequence\":3", StringComparison.Ordinal), "$.mutations[1]").SetName("A duplicate member");
        yield return new TestCaseData(valid.Replace("\"operation\":\"create\"", "\"operation\":\"upsert\"", StringComparison.Ordinal), "$.mutations[0].operation").SetName("An unknown operation");
        yield return new TestCaseData(valid.Replace("{\"clientId\"", "{\"admin\":true,\"clientId\"", StringComparison.Ordinal), "$.admin").SetName("An unknown member");
        yield return new TestCaseData(valid.Replace("\"mutations\":[", "\"mutations\":[null,", StringComparison.Ordinal), "$.mutations[0]").SetName("A null mutation");
        yield return new TestCaseData(valid + " []", "$").SetName("Trailing content");
    }

    [TestCaseSource(nameof(MalformedBodies))]
    public async Task Malformed_json_is_400_naming_the_json_path(string body, string path)
    {
        using var response = await _host.PostAsync(SyncRequests.Utf8(body));

        var error = await ReadErrorAsync(response, HttpStatusCode.BadRequest);
        Assert.That(error.Error.Code, Is.EqualTo(ErrorCodes.InvalidRequest));
        Assert.That(error.Error.Details![0].Field, Does.StartWith(path));
        await AssertNothingHandledAsync();
    }

    [Test]
    public async Task A_valid_push_after_refusals_is_applied_so_the_refusals_were_not_the_server_refusing_everything()
    {
        using (await _host.PostAsync(SyncRequests.PushOfCreates(1), version: "2"))
        {
        }
        using var response = await _host.PostAsync(SyncRequests.PushOfCreates(2));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
        Assert.That(await _host.CountAsync(SyncTestModel.NoteName), Is.EqualTo(2));
        Assert.That(await _host.CountAsync("objectql_sync_change"), Is.EqualTo(2));
    }

    // Neither data nor any of the sync server's own rows (log, clients, answers) were written.
    private async Task AssertNothingHandledAsync()
    {
        foreach (var name in new[] { SyncTestModel.NoteName, "objectql_sync_change", "objectql_sync_client", "objectql_sync_mutation" })
        {
            Assert.That(await _host.CountAsync(name), Is.Zero, $"{name} was written");
        }
    }

    internal static async Task<ErrorBody> ReadErrorAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        var bytes = await response.Content.ReadAsByteArrayAsync();
        Assert.That(response.StatusCode, Is.EqualTo(expected), System.Text.Encoding.UTF8.GetString(bytes));
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/json"));
        return ErrorJson.Read(bytes);
    }
}
