using Microsoft.AspNetCore.Http;
using ObjectQL.Sync.Protocol;

namespace ObjectQL.AspNetCore.Sync;

/// <summary>The request-level refusals of RFC section 11 as HTTP statuses and <c>{"error":{...}}</c> bodies.</summary>
internal static class SyncHttpErrors
{
    /// <summary>
    /// The status an <see cref="ObjectQLException"/> that refused a whole request answers with (RFC section 11): the
    /// sync endpoint's own codes, then the map every ObjectQL endpoint shares.
    /// </summary>
    public static int StatusOf(string code) => code switch
    {
        SyncErrorCodes.InvalidCheckpoint or SyncErrorCodes.UnsupportedVersion => StatusCodes.Status400BadRequest,
        SyncErrorCodes.ClientIdMismatch => StatusCodes.Status403Forbidden,
        SyncErrorCodes.ClientFenced or SyncErrorCodes.SequenceBehind => StatusCodes.Status409Conflict,
        _ => Rest.ErrorStatus.For(code),
    };

    public static ErrorBody Unauthorized() => ErrorBody.From(new ObjectQLException(ErrorCodes.Unauthorized,
        "Sync needs an authenticated caller: send the credentials the host's authentication expects.",
        [new ErrorDetail("Authorization", "No authenticated principal.", "unauthenticated")]));

    public static ErrorBody Disabled() => ErrorBody.From(new ObjectQLException(ErrorCodes.NotFound,
        "The sync endpoint is turned off on this server (SyncEndpointConfig.Enabled is false).",
        [new ErrorDetail("$", "Sync is disabled.", "sync_disabled")]));

    public static ErrorBody BodyTooLarge(long limit) => ErrorBody.From(new ObjectQLException(ErrorCodes.PayloadTooLarge,
        $"The request body is larger than {limit} bytes, the most this server reads. Send fewer mutations per request.",
        [new ErrorDetail("$", $"At most {limit} bytes.", "max_request_bytes")]));

    public static ErrorBody UnreadableBody(string why) => ErrorBody.From(new ObjectQLException(ErrorCodes.InvalidRequest,
        $"The request body could not be read: {why}", [new ErrorDetail("$", why, "unreadable_body")]));

    public static ErrorBody RateLimited(long retryAfterSeconds) => ErrorBody.From(new ObjectQLException(ErrorCodes.RateLimitExceeded,
        $"Too many sync requests from this caller; retry after {retryAfterSeconds} s (the Retry-After header).",
        [new ErrorDetail("Retry-After", $"Retry after {retryAfterSeconds} s.", "rate_limited")]));

    // Server faults keep their code but never their text: a driver's message can name tables, SQL or paths.
    public static ErrorBody ServerFault(string code) => ErrorBody.From(new ObjectQLException(code,
        "The server failed to handle the sync request; nothing was applied. Retry with backoff; the server's log has the cause."));

    /// <summary>Writes <paramref name="body"/> with <paramref name="statusCode"/>; returns the bytes written.</summary>
    public static async Task<int> WriteAsync(HttpResponse response, int statusCode, ErrorBody body, CancellationToken cancellationToken)
    {
        var bytes = ErrorJson.Write(body);
        response.StatusCode = statusCode;
        await WriteJsonAsync(response, bytes, cancellationToken).ConfigureAwait(false);
        return bytes.Length;
    }

    /// <summary>Writes a JSON body that no cache may keep (it carries the caller's records).</summary>
    public static async Task WriteJsonAsync(HttpResponse response, ReadOnlyMemory<byte> utf8Json, CancellationToken cancellationToken)
    {
        JsonHeaders(response, utf8Json.Length);
        await response.Body.WriteAsync(utf8Json, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Writes a push response's text into the body writer as it is held (a pull page's pooled segments), uncopied.</summary>
    public static async Task WriteJsonAsync(HttpResponse response, ResponseText text, CancellationToken cancellationToken)
    {
        JsonHeaders(response, text.Length);
        text.WriteTo(response.BodyWriter);
        await response.BodyWriter.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    private static void JsonHeaders(HttpResponse response, int length)
    {
        response.ContentType = "application/json; charset=utf-8";
        response.ContentLength = length;
        response.Headers.CacheControl = "no-store";
    }
}
