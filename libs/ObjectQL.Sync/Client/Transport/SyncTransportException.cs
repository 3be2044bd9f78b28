using ObjectQL.Sync.Protocol;

namespace ObjectQL.Sync.Client.Transport;

/// <summary>A sync request that failed as a whole: an HTTP error with the server's error body, a timeout, or no network.</summary>
public sealed class SyncTransportException : Exception
{
    /// <summary>The code of a request that never got an answer (no network, DNS, timeout, a body that was not JSON).</summary>
    public const string NetworkError = "NETWORK_ERROR";

    /// <summary>Creates the exception.</summary>
    /// <param name="message">What went wrong.</param>
    /// <param name="statusCode">The HTTP status, or null when the server did not answer.</param>
    /// <param name="error">The error body, when the server sent one.</param>
    /// <param name="retryAfter">The server's <c>Retry-After</c>, when given.</param>
    /// <param name="inner">The underlying failure.</param>
    public SyncTransportException(string message, int? statusCode = null, ErrorBody? error = null, TimeSpan? retryAfter = null, Exception? inner = null)
        : base(message, inner)
    {
        StatusCode = statusCode;
        Error = error;
        RetryAfter = retryAfter;
    }

    /// <summary>The HTTP status, or null when the request got no answer.</summary>
    public int? StatusCode { get; }

    /// <summary>The server's error body (<c>{"error":{...}}</c>), when it sent one.</summary>
    public ErrorBody? Error { get; }

    /// <summary>The server's <c>Retry-After</c> (429, 503), when given.</summary>
    public TimeSpan? RetryAfter { get; }

    /// <summary>The error code: the body's, else <see cref="NetworkError"/> or <c>HTTP_{status}</c>.</summary>
    public string Code => Error?.Error.Code ?? (StatusCode is { } status ? $"HTTP_{status}" : NetworkError);

    /// <summary>True when the request never got an answer.</summary>
    public bool IsNetworkError => StatusCode is null;

    /// <summary>True when the same request may succeed later: no answer, 408, 429 or a 5xx (RFC section 10.5).</summary>
    public bool IsTransient => StatusCode is null or 408 or 429 or >= 500;

    /// <summary>The server's <c>maxMutationsPerRequest</c> of a 413, when it named one.</summary>
    public int? MaxMutationsPerRequest => Error is null ? null : SyncErrorBodies.MaxMutationsPerRequest(Error);

    /// <summary>The server's <c>highestSequence</c> of a 409, when it named one.</summary>
    public long? HighestSequence => Error is null ? null : SyncErrorBodies.HighestSequence(Error);

    /// <summary>The server's <c>clientEpoch</c> of a 409 <c>SYNC_CLIENT_FENCED</c>, when it named one.</summary>
    public long? ClientEpoch => Error is null ? null : SyncErrorBodies.ClientEpoch(Error);
}
