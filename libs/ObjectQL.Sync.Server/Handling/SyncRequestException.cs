namespace ObjectQL.Sync.Server.Handling;

/// <summary>
/// A sync request refused whole (RFC section 11): the HTTP status to answer with and the error body to send. Nothing of
/// the request was applied.
/// </summary>
public sealed class SyncRequestException : Exception
{
    /// <summary>Creates the refusal.</summary>
    public SyncRequestException(int statusCode, ErrorBody body)
        : base(body?.Error.Message)
    {
        ArgumentNullException.ThrowIfNull(body);
        StatusCode = statusCode;
        Body = body;
    }

    /// <summary>The HTTP status code (400, 403, 409, 413, ...).</summary>
    public int StatusCode { get; }

    /// <summary>The <c>{"error":{...}}</c> body.</summary>
    public ErrorBody Body { get; }
}
