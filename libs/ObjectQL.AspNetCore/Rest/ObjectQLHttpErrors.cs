using System.Text.Json;
using Microsoft.AspNetCore.Http;
using ObjectQL.Values;

namespace ObjectQL.AspNetCore.Rest;

/// <summary>
/// Writes ObjectQL's error body (<c>{"error":{"code","message","details"}}</c>) with the status of its code, for answers
/// the application gives around the endpoints, such as a rate limiter's rejection:
/// <c>limiter.OnRejected = (c, ct) =&gt; ObjectQLHttpErrors.WriteAsync(c.HttpContext, ObjectQLHttpErrors.RateLimited(), ct)</c>.
/// </summary>
public static class ObjectQLHttpErrors
{
    /// <summary>Writes <paramref name="error"/> as the response: the status of its code and the error body.</summary>
    public static Task WriteAsync(HttpContext context, ObjectQLException error, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(error);
        return WriteAsync(context, ErrorStatus.For(error.Code), ErrorBody.From(error), cancellationToken);
    }

    /// <summary>
    /// The <see cref="ErrorCodes.RateLimitExceeded"/> error (429); <paramref name="retryAfter"/>, when known, travels as
    /// <c>details[0].field = "retry_after"</c> with the seconds in its message, and as the <c>Retry-After</c> header.
    /// </summary>
    public static ObjectQLException RateLimited(TimeSpan? retryAfter = null)
    {
        var message = "Too many requests; slow down and try again later.";
        return retryAfter is { } wait
            ? new ObjectQLException(ErrorCodes.RateLimitExceeded, message,
                [new ErrorDetail("retry_after", ((int)Math.Ceiling(wait.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture), "retry_after")])
            : new ObjectQLException(ErrorCodes.RateLimitExceeded, message);
    }

    internal static async Task WriteAsync(HttpContext context, int status, ErrorBody body, CancellationToken cancellationToken)
    {
        if (context.Response.HasStarted)
        {
            return;
        }
        context.Response.StatusCode = status;
        if (body.Error is { Code: ErrorCodes.RateLimitExceeded, Details: [{ Field: "retry_after", Message: var seconds }, ..] })
        {
            context.Response.Headers.RetryAfter = seconds;
        }
        await WriteJsonAsync(context, ErrorJson.Write(body), cancellationToken).ConfigureAwait(false);
    }

    internal static async Task WriteJsonAsync(HttpContext context, ReadOnlyMemory<byte> utf8Json, CancellationToken cancellationToken)
    {
        context.Response.ContentType = "application/json; charset=utf-8";
        context.Response.ContentLength = utf8Json.Length;
        await context.Response.Body.WriteAsync(utf8Json, cancellationToken).ConfigureAwait(false);
    }

    internal static ErrorBody Internal(string traceId) => new(new ErrorInfo
    {
        Code = ErrorCodes.InternalError,
        Message = $"The server failed to answer this request; its log has the cause under trace id {traceId}.",
        Extensions = new Dictionary<string, JsonElement>(StringComparer.Ordinal) { ["traceId"] = CanonicalValues.ToJsonElement(traceId) },
    });
}
