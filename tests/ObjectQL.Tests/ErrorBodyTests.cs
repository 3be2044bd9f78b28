using System.Text;

namespace ObjectQL.Tests;

public sealed class ErrorBodyTests
{
    [Test]
    public void Exception_becomes_the_error_body_every_endpoint_answers_with()
    {
        var error = ObjectQLException.InvalidRequest("title is required.", "title", "required");
        var json = Encoding.UTF8.GetString(ErrorJson.Write(ErrorBody.From(error)));
        Assert.That(json, Is.EqualTo("{\"error\":{\"code\":\"INVALID_REQUEST\",\"message\":\"title is required.\",\"details\":[{\"field\":\"title\",\"message\":\"title is required.\",\"reason\":\"required\"}]}}"));
    }

    [Test]
    public void Members_a_reader_does_not_know_are_kept()
    {
        var body = ErrorJson.Read("{\"error\":{\"code\":\"X\",\"message\":\"m\",\"retryAfterMs\":10}}"u8);
        Assert.Multiple(() =>
        {
            Assert.That(body.Error.Code, Is.EqualTo("X"));
            Assert.That(body.Error.Extensions!["retryAfterMs"].GetInt32(), Is.EqualTo(10));
        });
    }

    [TestCase("{\"error\":{\"message\":\"m\"}}")]
    [TestCase("{\"error\":{\"code\":\"X\",\"code\":\"Y\",\"message\":\"m\"}}")]
    [TestCase("[]")]
    public void Body_that_is_not_an_error_is_an_invalid_request(string json)
    {
        Assert.That(() => ErrorJson.Read(Encoding.UTF8.GetBytes(json)),
            Throws.TypeOf<ObjectQLException>().With.Property(nameof(ObjectQLException.Code)).EqualTo(ErrorCodes.InvalidRequest));
    }
}
