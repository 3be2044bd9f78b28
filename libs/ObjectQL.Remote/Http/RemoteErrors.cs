using System.Globalization;
using System.Net;
using System.Net.Http.Headers;

namespace ObjectQL.Remote.Http;

/// <summary>
/// Turns a failed answer into an <see cref="ObjectQLException"/>: the server's <c>{"error":{code,message,details}}</c>
/// keeps its code, message and details, so a caller catches the same codes as against a local database; an answer
/// without that body (a proxy, a gateway) gets the code of its status.
/// </summary>
internal static class RemoteErrors
{
    public static ObjectQLException FromResponse(
        HttpStatusCode status, byte[] body, RetryConditionHeaderValue? retryAfter, HttpMethod method, Uri requestUri)
    {
        if (TryRead(body) is { } error)
        {
            return new ObjectQLException(error.Code, error.Message, WithRetryAfter(error.Details, retryAfter));
        }
        var code = CodeOf(status);
        var message = $"The server answered {method} {requestUri.AbsolutePath} with {(int)status} {status} and no ObjectQL error body.";
        return new ObjectQLException(code, message, WithRetryAfter(null, retryAfter));
    }

    /// <summary>The code the REST API answers with <paramref name="status"/> (docs/rest-api.md), for answers without an error body.</summary>
    public static string CodeOf(HttpStatusCode status) => status switch
    {
        HttpStatusCode.BadRequest => ErrorCodes.InvalidRequest,
        HttpStatusCode.Unauthorized => ErrorCodes.Unauthorized,
        HttpStatusCode.Forbidden => ErrorCodes.Forbidden,
        HttpStatusCode.NotFound => ErrorCodes.NotFound,
        HttpStatusCode.Conflict => ErrorCodes.Conflict,
        HttpStatusCode.RequestEntityTooLarge => ErrorCodes.PayloadTooLarge,
        HttpStatusCode.TooManyRequests => ErrorCodes.RateLimitExceeded,
        _ when (int)status >= 500 => ErrorCodes.InternalError,
        _ => ErrorCodes.InvalidRequest,
    };

    private static ErrorInfo? TryRead(byte[] body)
    {
        if (body.Length == 0)
        {
            return null;
        }
        try
        {
            return ErrorJson.Read(body).Error;
        }
        catch (ObjectQLException)
        {
            return null;
        }
    }

    // A rate-limited caller needs to know when to come back; the header says it even when the body does not.
    private static IReadOnlyList<ErrorDetail>? WithRetryAfter(IReadOnlyList<ErrorDetail>? details, RetryConditionHeaderValue? retryAfter)
    {
        if (retryAfter?.Delta is not { } delta || details?.Any(static d => d.Reason == "retry_after") == true)
        {
            return details;
        }
        var seconds = ((long)Math.Ceiling(delta.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        return [.. details ?? [], new ErrorDetail(null, $"Retry after {seconds} seconds.", "retry_after")];
    }
}
