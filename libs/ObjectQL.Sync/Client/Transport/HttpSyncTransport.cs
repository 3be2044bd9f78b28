using System.Net.Http.Headers;
using ObjectQL.Sync.Protocol;

namespace ObjectQL.Sync.Client.Transport;

/// <summary>
/// <see cref="ISyncTransport"/> over <see cref="HttpClient"/>: <c>POST</c> to the sync endpoint with
/// <c>X-ObjectQL-Sync-Version</c> (and <c>X-ObjectQL-Sync-Page-Size</c> when <see cref="SyncClientOptions.PageSize"/> is set), the bearer token from <see cref="SyncClientOptions.AuthTokenProvider"/>, the body
/// through <see cref="SyncJson"/> (source-generated), error bodies through <see cref="ErrorJson"/>, and a per-request
/// timeout on <see cref="SyncClientOptions.TimeProvider"/>. It does not retry: the engine does, with backoff and the
/// status a UI shows (RFC 10.5).
/// </summary>
public sealed class HttpSyncTransport : ISyncTransport
{
    // The browser's handler streams a response through the interpreter chunk by chunk unless told not to; the whole
    // body is read before it is used anyway, so one fetch arrayBuffer() and one copy into .NET do. Other handlers
    // ignore the option.
    private static readonly HttpRequestOptionsKey<bool> BrowserStreaming = new("WebAssemblyEnableStreamingResponse");

    private readonly HttpClient _http;
    private readonly Uri _endpoint;
    private readonly SyncAuthTokenProvider? _token;
    private readonly TimeSpan _timeout;
    private readonly TimeProvider _time;
    private readonly string? _pageSize;

    /// <summary>Creates the transport; <paramref name="http"/> is not disposed by it.</summary>
    /// <param name="http">The client; its own timeout should be at least <see cref="SyncClientOptions.RequestTimeout"/>.</param>
    /// <param name="options">The server URL, endpoint path, token provider, timeout and time.</param>
    public HttpSyncTransport(HttpClient http, SyncClientOptions options)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var server = options.ServerUrl ?? http.BaseAddress
            ?? throw ObjectQLException.InvalidRequest("SyncClientOptions.ServerUrl is not set and the HttpClient has no BaseAddress.", nameof(options.ServerUrl), "required");
        _http = http;
        _endpoint = new Uri(server, options.EndpointPath);
        _token = options.AuthTokenProvider;
        _timeout = options.RequestTimeout;
        _time = options.TimeProvider;
        _pageSize = options.PageSize?.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>The endpoint requests go to.</summary>
    public Uri Endpoint => _endpoint;

    /// <inheritdoc />
    public async Task<SyncPushResponse> SendAsync(SyncPushRequest request, CancellationToken cancellationToken) =>
        ReadAnswer(await SendForBodyAsync(request, cancellationToken).ConfigureAwait(false));

    // The successful answer's body as it arrived, unread: a store that applies pulled pages itself reads it there
    // (ReadAnswer reads it here when the store does not take it).
    internal async Task<byte[]> SendForBodyAsync(SyncPushRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        using var timeout = new CancellationTokenSource(_timeout, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        try
        {
            using var message = new HttpRequestMessage(HttpMethod.Post, _endpoint)
            {
                Content = new ByteArrayContent(SyncJson.Write(request, SyncJsonContext.Default.SyncPushRequest)),
            };
            message.Content.Headers.ContentType = new MediaTypeHeaderValue(SyncProtocol.ContentType) { CharSet = "utf-8" };
            message.Options.Set(BrowserStreaming, false);
            message.Headers.Add(SyncProtocol.VersionHeader, SyncProtocol.CurrentVersion.ToString(System.Globalization.CultureInfo.InvariantCulture));
            if (_pageSize is not null)
            {
                message.Headers.Add(SyncProtocol.PageSizeHeader, _pageSize);
            }
            if (_token is not null && await _token(linked.Token).ConfigureAwait(false) is { Length: > 0 } token)
            {
                message.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            }
            using var response = await _http.SendAsync(message, HttpCompletionOption.ResponseContentRead, linked.Token).ConfigureAwait(false);
            var body = await response.Content.ReadAsByteArrayAsync(linked.Token).ConfigureAwait(false);
            if (response.IsSuccessStatusCode)
            {
                return body;
            }
            throw Failure(response, body);
        }
        catch (OperationCanceledException exception) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw new SyncTransportException($"The sync request to {_endpoint} took longer than {_timeout.TotalSeconds:0.###} s.", inner: exception);
        }
        // A connection reset while the answer is read surfaces as the socket's or the stream's own error, not as an
        // HttpRequestException; it is the same network failure, so the engine must see it as one and retry.
        catch (Exception exception) when (exception is HttpRequestException or System.IO.IOException or System.Net.Sockets.SocketException)
        {
            throw new SyncTransportException($"The sync server at {_endpoint} could not be reached: {exception.Message}", inner: exception);
        }
    }

    internal SyncPushResponse ReadAnswer(byte[] body)
    {
        try
        {
            var response = SyncJson.ReadResponse(body);
            if (response.HasMore && response.ServerChanges.Count > 0)
            {
                ResponseBodies.Keep(response, body);
            }
            return response;
        }
        // An answer the client cannot read is treated like a lost one: the retry is safe and gets it replayed.
        catch (ObjectQLException exception)
        {
            throw new SyncTransportException($"The sync server at {_endpoint} sent a response the client cannot read: {exception.Message}", inner: exception);
        }
    }

    private SyncTransportException Failure(HttpResponseMessage response, byte[] body)
    {
        var status = (int)response.StatusCode;
        ErrorBody? error = null;
        try
        {
            error = body.Length > 0 ? ErrorJson.Read(body) : null;
        }
        // A proxy's HTML error page has no error body; the status still says what to do.
        catch (ObjectQLException)
        {
        }
        var message = error?.Error.Message ?? $"The sync server answered {status} {response.ReasonPhrase}.";
        return new SyncTransportException(message, status, error, RetryAfter(response));
    }

    private TimeSpan? RetryAfter(HttpResponseMessage response)
    {
        if (response.Headers.RetryAfter is not { } retry)
        {
            return null;
        }
        if (retry.Delta is { } delta)
        {
            return delta;
        }
        return retry.Date is { } date ? Max(date - _time.GetUtcNow()) : null;

        static TimeSpan Max(TimeSpan value) => value < TimeSpan.Zero ? TimeSpan.Zero : value;
    }

}
