using System.Text.Json;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.RateLimiting;
using ObjectQL.Values;

namespace ObjectQL.AspNetCore.Rest;

/// <summary>
/// Writes ObjectQL's error body (<c>{"error":{"code","message","details"}}</c>) with the status of its code, for answers
/// the application gives around the endpoints, such as a rate limiter's rejection
/// (<c>limiter.OnRejected = ObjectQLHttpErrors.OnRateLimited</c>).
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
    /// The rate limiter's rejection as an ObjectQL error: 429 <see cref="ErrorCodes.RateLimitExceeded"/>, and when the
    /// limiter knows the wait, the <c>Retry-After</c> header and <c>error.retry_after</c> (seconds).
    /// Use it as <c>options.OnRejected = ObjectQLHttpErrors.OnRateLimited</c> in <c>AddRateLimiter</c>.
    /// </summary>
    public static ValueTask OnRateLimited(OnRejectedContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var error = new ErrorInfo { Code = ErrorCodes.RateLimitExceeded, Message = "Too many requests; slow down and try again later." };
        if (context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait))
        {
            var seconds = (long)Math.Ceiling(wait.TotalSeconds);
            context.HttpContext.Response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
            error = error with
            {
                Message = $"Too many requests; try again in {seconds} seconds.",
                Extensions = new Dictionary<string, JsonElement>(StringComparer.Ordinal) { ["retry_after"] = CanonicalValues.ToJsonElement(seconds) },
            };
        }
        return new ValueTask(WriteAsync(context.HttpContext, StatusCodes.Status429TooManyRequests, new ErrorBody(error), cancellationToken));
    }

    internal static async Task WriteAsync(HttpContext context, int status, ErrorBody body, CancellationToken cancellationToken)
    {
        if (context.Response.HasStarted)
        {
            return;
        }
        context.Response.StatusCode = status;
        await WriteJsonAsync(context, ErrorJson.Write(body), cancellationToken).ConfigureAwait(false);
    }

    internal static async Task WriteJsonAsync(HttpContext context, ReadOnlyMemory<byte> utf8Json, CancellationToken cancellationToken)
    {
        context.Response.ContentType = "application/json; charset=utf-8";
        context.Response.ContentLength = utf8Json.Length;
        await context.Response.Body.WriteAsync(utf8Json, cancellationToken).ConfigureAwait(false);
    }

    internal static ErrorBody Internal(string code, string traceId) => new(new ErrorInfo
    {
        Code = code,
        Message = $"The server failed to answer this request; its log has the cause under trace id {traceId}.",
        Extensions = new Dictionary<string, JsonElement>(StringComparer.Ordinal) { ["traceId"] = CanonicalValues.ToJsonElement(traceId) },
    });
}
