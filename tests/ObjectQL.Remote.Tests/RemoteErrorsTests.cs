using System.Net;
using System.Net.Http.Headers;
using System.Text;
using ObjectQL.Remote.Http;

namespace ObjectQL.Remote.Tests;

/// <summary>How a failed answer becomes an <see cref="ObjectQLException"/>, with and without the server's error body.</summary>
public sealed class RemoteErrorsTests
{
    private static readonly Uri Request = new("http://127.0.0.1/api/data/todo_item");

    [Test]
    public void The_servers_error_body_keeps_its_code_message_and_details()
    {
        var body = Encoding.UTF8.GetBytes(
            """{"error":{"code":"CONFLICT","message":"Version 1 is stale.","details":[{"field":"_version","message":"stale","reason":"version_conflict"}]}}""");
        var error = RemoteErrors.FromResponse(HttpStatusCode.Conflict, body, null, HttpMethod.Put, Request);
        Assert.That((error.Code, error.Message), Is.EqualTo((ErrorCodes.Conflict, "Version 1 is stale.")));
        Assert.That(error.Details, Is.EqualTo(new[] { new ErrorDetail("_version", "stale", "version_conflict") }));
    }

    [TestCase(HttpStatusCode.BadRequest, ErrorCodes.InvalidRequest)]
    [TestCase(HttpStatusCode.Unauthorized, ErrorCodes.Unauthorized)]
    [TestCase(HttpStatusCode.Forbidden, ErrorCodes.Forbidden)]
    [TestCase(HttpStatusCode.NotFound, ErrorCodes.NotFound)]
    [TestCase(HttpStatusCode.Conflict, ErrorCodes.Conflict)]
    [TestCase(HttpStatusCode.RequestEntityTooLarge, ErrorCodes.PayloadTooLarge)]
    [TestCase(HttpStatusCode.BadGateway, ErrorCodes.InternalError)]
    public void An_answer_without_the_body_gets_the_code_of_its_status(HttpStatusCode status, string code)
    {
        var error = RemoteErrors.FromResponse(status, Encoding.UTF8.GetBytes("<html>gateway</html>"), null, HttpMethod.Get, Request);
        Assert.That(error.Code, Is.EqualTo(code));
        Assert.That(error.Message, Does.Contain(((int)status).ToString(System.Globalization.CultureInfo.InvariantCulture)).And.Contain("/api/data/todo_item"));
    }

    [Test]
    public void A_rate_limited_answer_says_when_to_retry()
    {
        var error = RemoteErrors.FromResponse(HttpStatusCode.TooManyRequests, [], new RetryConditionHeaderValue(TimeSpan.FromSeconds(30)), HttpMethod.Get, Request);
        Assert.That(error.Code, Is.EqualTo(ErrorCodes.RateLimitExceeded));
        Assert.That(error.Details.Single(), Is.EqualTo(new ErrorDetail(null, "Retry after 30 seconds.", "retry_after")));
    }
}
